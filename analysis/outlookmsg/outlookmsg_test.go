package outlookmsg_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/outlookmsg"
	"github.com/checkmail/checkmail/analysis/outlookmsg/msgtest"
	"golang.org/x/text/encoding/charmap"
)

const transport = "Received: from mx.example.net (mx.example.net [203.0.113.7])\r\n" +
	"\tby mail.example.org with ESMTPS id abc\r\n\tfor <bob@example.org>; Tue, 1 Dec 2026 08:00:00 +0000\r\n" +
	"From: \"Shop\" <news@shop.example>\r\n" +
	"To: bob@example.org\r\n" +
	"Subject: Your order\r\n" +
	"Date: Tue, 1 Dec 2026 08:00:00 +0000\r\n" +
	"Message-ID: <1@shop.example>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative;\r\n\tboundary=\"old\"\r\n\r\n"

// received is a Unicode mail with transport headers, plain and HTML
// bodies, a PDF attachment and an attached message.
func received(embed bool) *msgtest.Props {
	inner := msgtest.NewProps().
		Unicode(0x001A, "IPM.Note").
		Unicode(0x0037, "Inner mail").
		Unicode(0x0C1A, "Inner Sender").
		Unicode(0x5D01, "inner@example.com").
		Unicode(0x1000, "inner body")
	p := msgtest.NewProps().
		Unicode(0x001A, "IPM.Note").
		Unicode(0x007D, transport).
		Unicode(0x0037, "Your order").
		Unicode(0x0C1A, "Shop").
		Unicode(0x5D01, "news@shop.example").
		Unicode(0x1000, "Hello Bob, see https://shop.example/order").
		Binary(0x1013, []byte(`<p>Hello <a href="https://shop.example/order">Bob</a></p>`)).
		Long(0x3FDE, 65001).
		Recipient(msgtest.NewProps().Unicode(0x3001, "Bob").Unicode(0x39FE, "bob@example.org").Long(0x0C15, 1)).
		Attachment(msgtest.NewProps().Unicode(0x3707, "invoice.pdf").Unicode(0x370E, "application/pdf").
			Binary(0x3701, []byte("%PDF-1.4 tiny")).Long(0x3705, 1))
	if embed {
		p.Attachment(msgtest.Embed(inner, "inner.msg"))
	}
	return p
}

func TestParseReceived(t *testing.T) {
	m, err := outlookmsg.Parse(msgtest.Msg(received(true)), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.TransportHeaders != transport || m.Subject != "Your order" || m.SenderAddress != "news@shop.example" || m.Class != "IPM.Note" {
		t.Errorf("got class %q subject %q sender %q headers %q", m.Class, m.Subject, m.SenderAddress, m.TransportHeaders)
	}
	if !strings.Contains(m.HTML, `href="https://shop.example/order"`) || !strings.HasPrefix(m.Body, "Hello Bob") {
		t.Errorf("bodies: %q / %q", m.Body, m.HTML)
	}
	if len(m.Recipients) != 1 || m.Recipients[0] != (outlookmsg.Recipient{Type: 1, Name: "Bob", Address: "bob@example.org"}) {
		t.Errorf("recipients %+v", m.Recipients)
	}
	if len(m.Attachments) != 2 {
		t.Fatalf("%d attachments", len(m.Attachments))
	}
	pdf, em := m.Attachments[0], m.Attachments[1]
	if pdf.Filename != "invoice.pdf" || pdf.MimeType != "application/pdf" || string(pdf.Data) != "%PDF-1.4 tiny" {
		t.Errorf("pdf %+v", pdf)
	}
	if em.Embedded == nil || em.Embedded.Subject != "Inner mail" || em.Embedded.SenderAddress != "inner@example.com" || em.Embedded.Body != "inner body" {
		t.Errorf("embedded %+v", em)
	}
}

// The MIME form keeps the transport headers (less their MIME fields) and
// reads back through the mail parser with bodies and attachments.
func TestConvertReceived(t *testing.T) {
	c, err := outlookmsg.Convert(msgtest.Msg(received(false)), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.TransportHeaders {
		t.Error("TransportHeaders false")
	}
	if bytes.Contains(c.MIME, []byte(`boundary="old"`)) {
		t.Error("the transport headers' Content-Type was kept")
	}
	msg, err := message.Parse(c.MIME, message.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Values("Received"); len(got) != 1 || !strings.Contains(got[0], "203.0.113.7") {
		t.Errorf("Received %q", got)
	}
	if msg.Header.Get("Subject") != "Your order" || len(msg.Header.Values("From")) != 1 {
		t.Errorf("header %+v", msg.Header)
	}
	if len(msg.Text) == 0 || !strings.Contains(msg.Text[0], "Hello Bob") || len(msg.HTML) == 0 || !strings.Contains(msg.HTML[0], "href=") {
		t.Errorf("text %q html %q", msg.Text, msg.HTML)
	}
	var names []string
	for _, a := range msg.Attachments {
		names = append(names, a.Name+"|"+a.ContentType)
	}
	if strings.Join(names, ",") != "invoice.pdf|application/pdf" {
		t.Errorf("attachments %q", names)
	}
}

// An attached message becomes a message/rfc822 part, which the mail
// parser unwraps when the outer mail is a forward.
func TestConvertForward(t *testing.T) {
	c, err := outlookmsg.Convert(msgtest.Msg(received(true)), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(c.MIME, []byte("Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=inner.msg\r\n\r\nFrom: \"Inner Sender\" <inner@example.com>\r\n")) {
		t.Errorf("no message/rfc822 part:\n%s", c.MIME)
	}
	msg, err := message.Parse(c.MIME, message.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Kind != message.KindForwarded || msg.Header.Get("Subject") != "Inner mail" || len(msg.Text) != 1 || msg.Text[0] != "inner body" {
		t.Errorf("kind %q header %+v text %q", msg.Kind, msg.Header, msg.Text)
	}
}

// Without transport headers, headers come from the properties and the
// notes say the route is unknown.
func TestConvertDraft(t *testing.T) {
	p := msgtest.NewProps().
		Unicode(0x0037, "Rechnung für Sie").
		Unicode(0x0C1A, "Müller, Hans").
		Unicode(0x0C1F, "/O=EXCHANGE/OU=FIRST/CN=RECIPIENTS/CN=HANS").
		Unicode(0x0C1E, "EX").
		Unicode(0x1035, "<draft@example.org>").
		Time(0x0039, time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC)).
		Unicode(0x1000, "Bitte zahlen.\r\nInjected: header").
		Recipient(msgtest.NewProps().Unicode(0x3001, "Eve").Unicode(0x3003, "eve@example.net").Long(0x0C15, 2)).
		Recipient(msgtest.NewProps().Unicode(0x3001, "Bob").Unicode(0x3003, "bob@example.org").Long(0x0C15, 1))
	c, err := outlookmsg.Convert(msgtest.Msg(p), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if c.TransportHeaders || !strings.Contains(strings.Join(c.Notes, "\n"), "route the mail took is unknown") {
		t.Errorf("TransportHeaders %v notes %q", c.TransportHeaders, c.Notes)
	}
	msg, err := message.Parse(c.MIME, message.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	for k, want := range map[string]string{
		"To": "\"Bob\" <bob@example.org>", "Cc": "\"Eve\" <eve@example.net>",
		"Date": "Mon, 30 Nov 2026 09:30:00 +0000", "Message-ID": "<draft@example.org>",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if got := message.DecodeHeader(h.Get("Subject")); got != "Rechnung für Sie" {
		t.Errorf("Subject %q", got)
	}
	if got := message.DecodeHeader(h.Get("From")); !strings.Contains(got, "Müller, Hans") || strings.Contains(got, "/O=EXCHANGE") {
		t.Errorf("From %q (an Exchange DN is not an address)", got)
	}
	if len(h.Values("Injected")) != 0 {
		t.Error("body text leaked into the header")
	}
}

// 8-bit strings are decoded with the message code page, else the internet
// code page (with ISO-2022-JP meaning the cp932 the strings are stored in).
func TestCodepages(t *testing.T) {
	cyr, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Привет"))
	tests := []struct {
		name string
		p    *msgtest.Props
		want string
	}{
		{"message codepage", msgtest.NewProps().Long(0x3FFD, 1251).Long(0x3FDE, 1252).String8(0x0037, cyr), "Привет"},
		{"internet cpid", msgtest.NewProps().Long(0x3FDE, 1251).String8(0x0037, cyr), "Привет"},
		{"iso-2022-jp means cp932", msgtest.NewProps().Long(0x3FDE, 50220).String8(0x0037, []byte{0x93, 0xfa, 0x96, 0x7b}), "日本"},
		{"default cp1252", msgtest.NewProps().String8(0x0037, []byte{'c', 'a', 'f', 0xe9}), "café"},
		{"unicode wins", msgtest.NewProps().Long(0x3FFD, 1251).Unicode(0x0037, "ünï"), "ünï"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := outlookmsg.Parse(msgtest.Msg(tt.p), outlookmsg.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.want {
				t.Errorf("subject %q, want %q", m.Subject, tt.want)
			}
		})
	}
}

// Only RTF: HTML is de-encapsulated from \fromhtml1, text from the rest.
func TestRTFOnly(t *testing.T) {
	html := `{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}` +
		`{\*\htmltag19 <html>}{\*\htmltag34 <body>}\htmlrtf {\htmlrtf0 ` +
		`{\*\htmltag84 <a href="https://evil.example/login">}\htmlrtf {\field{\*\fldinst HYPERLINK}}\htmlrtf0 Caf\'e9 login` +
		`{\*\htmltag92 </a>}\htmlrtf }\htmlrtf0 {\*\htmltag35 </body>}{\*\htmltag27 </html>}}`
	text := `{\rtf1\ansi\ansicpg1251\fromtext \deff0{\fonttbl{\f0 Arial;}}\pard \'cf\'f0\'e8\'e2\'e5\'f2\par second\tab line}`
	tests := []struct {
		name, rtf      string
		wantHTML, body string
	}{
		{"fromhtml", html, `<html><body><a href="https://evil.example/login">Café login</a></body></html>`, ""},
		{"fromtext", text, "", "Привет\nsecond\tline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := msgtest.NewProps().Unicode(0x0037, "rtf").Binary(0x1009, msgtest.CompressRTF([]byte(tt.rtf)))
			m, err := outlookmsg.Parse(msgtest.Msg(p), outlookmsg.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if string(m.RTF) != tt.rtf {
				t.Fatalf("RTF round trip: %q", m.RTF)
			}
			if m.HTML != tt.wantHTML {
				t.Errorf("HTML %q, want %q", m.HTML, tt.wantHTML)
			}
			if m.Body != tt.body {
				t.Errorf("Body %q, want %q", m.Body, tt.body)
			}
		})
	}
}

func TestDepthBound(t *testing.T) {
	p := msgtest.NewProps().Unicode(0x0037, "level 3")
	for i := 2; i >= 0; i-- {
		p = msgtest.NewProps().Unicode(0x0037, "level").Attachment(msgtest.Embed(p, "m.msg"))
	}
	m, err := outlookmsg.Parse(msgtest.Msg(p), outlookmsg.Limits{MaxDepth: 2})
	if err != nil {
		t.Fatal(err)
	}
	d := 0
	for cur := m; len(cur.Attachments) > 0 && cur.Attachments[0].Embedded != nil; cur = cur.Attachments[0].Embedded {
		d++
	}
	if d != 2 {
		t.Errorf("read %d levels, want 2", d)
	}
	c, err := outlookmsg.Convert(msgtest.Msg(p), outlookmsg.Limits{MaxDepth: 2})
	if err != nil || !strings.Contains(strings.Join(c.Notes, "\n"), "nested more than 2 deep") {
		t.Errorf("notes %q, err %v", c.Notes, err)
	}
}

func TestErrors(t *testing.T) {
	good := msgtest.Msg(received(true))
	big := msgtest.Msg(msgtest.NewProps().Binary(0x1013, bytes.Repeat([]byte("x"), 10000)))
	tests := []struct {
		name string
		data []byte
		lim  outlookmsg.Limits
		want string
	}{
		{"not a compound file", []byte("From: a@b\r\n\r\nhi"), outlookmsg.Limits{}, "no compound file signature"},
		{"truncated", good[:600], outlookmsg.Limits{}, "truncated or its compound-file sector chains are broken"},
		{"no properties", msgtest.CFB(msgtest.Stream("WordDocument", []byte("hello"))), outlookmsg.Limits{}, "no message properties"},
		{"file limit", good, outlookmsg.Limits{MaxBytes: 1000}, "over the 1000-byte limit"},
		{"entries limit", good, outlookmsg.Limits{MaxEntries: 5}, "over the limit of 5"},
		{"property limit", big, outlookmsg.Limits{MaxProperty: 4096}, "over the 4096-byte limit"},
		{"read limit", big, outlookmsg.Limits{MaxBytes: 20000, MaxRead: 5000}, "more than 5000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := outlookmsg.Convert(tt.data, tt.lim)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			var le *outlookmsg.LimitError
			if strings.Contains(tt.name, "limit") != errors.As(err, &le) {
				t.Errorf("LimitError %v for %s", errors.As(err, &le), tt.name)
			}
		})
	}
}

// Every prefix of a good file gives a message or an error, never a panic.
func TestTruncated(t *testing.T) {
	good := msgtest.Msg(received(true))
	for n := 0; n < len(good); n += 97 {
		outlookmsg.Convert(good[:n], outlookmsg.Limits{})
	}
}

func TestSMIME(t *testing.T) {
	entity := "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nsigned text\n--b--\n"
	p := msgtest.NewProps().Unicode(0x001A, "IPM.Note.SMIME.MultipartSigned").Unicode(0x0037, "s").
		Attachment(msgtest.NewProps().Unicode(0x370E, "multipart/signed").Binary(0x3701, []byte(entity)))
	c, err := outlookmsg.Convert(msgtest.Msg(p), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := message.Parse(c.MIME, message.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Text) != 1 || !strings.Contains(msg.Text[0], "signed text") {
		t.Errorf("text %q\n%s", msg.Text, c.MIME)
	}
}

// Attachments that would make the mail larger than the budget are left
// out with a note, so the mail parser's own size limit is not crossed.
func TestConvertBudget(t *testing.T) {
	big := bytes.Repeat([]byte{0xAB}, 25000)
	p := msgtest.NewProps().Unicode(0x0037, "big").Unicode(0x1000, "body").
		Attachment(msgtest.NewProps().Unicode(0x3707, "small.txt").Binary(0x3701, []byte("small"))).
		Attachment(msgtest.NewProps().Unicode(0x3707, "big.bin").Binary(0x3701, big))
	c, err := outlookmsg.Convert(msgtest.Msg(p), outlookmsg.Limits{MaxBytes: 32000, MaxRead: 64000})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.MIME) > 32000 || !strings.Contains(strings.Join(c.Notes, "\n"), `attachment "big.bin" (25000 bytes) left out`) {
		t.Errorf("%d bytes, notes %q", len(c.MIME), c.Notes)
	}
	msg, err := message.Parse(c.MIME, message.Limits{MaxBytes: 32000})
	if err != nil || len(msg.Attachments) != 1 || msg.Attachments[0].Name != "small.txt" {
		t.Errorf("err %v attachments %+v", err, msg.Attachments)
	}
}
