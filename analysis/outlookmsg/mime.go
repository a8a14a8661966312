package outlookmsg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"time"
)

// MIMEOptions bounds the conversion.
type MIMEOptions struct {
	MaxBytes int // output budget; attachment data that would cross it is left out (default 25 MiB)
}

// MIME writes the message as RFC 5322 / MIME bytes: the original transport
// headers when the file has them (less their MIME fields, which described
// a body the .msg no longer holds), otherwise header fields rebuilt from the
// message's properties; then a multipart body with the text and HTML bodies,
// the attachments, and attached messages as message/rfc822 parts. The notes
// say what was rebuilt or left out.
func (m *Message) MIME(o MIMEOptions) ([]byte, []string) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 25 << 20
	}
	w := &mimeWriter{budget: o.MaxBytes}
	out := w.message(m, 0)
	return out, w.notes
}

type mimeWriter struct {
	budget int // bytes of attachment data still allowed
	notes  []string
	n      int // boundaries made
}

// headersDropped are transport header fields replaced by the ones written
// for the rebuilt body.
var headersDropped = map[string]bool{"content-type": true, "content-transfer-encoding": true, "mime-version": true}

func (w *mimeWriter) message(m *Message, depth int) []byte {
	var h bytes.Buffer
	have := map[string]bool{}
	if m.TransportHeaders != "" {
		writeTransportHeaders(&h, m.TransportHeaders, have)
	}
	add := func(key, value string) {
		if value != "" && !have[strings.ToLower(key)] {
			fmt.Fprintf(&h, "%s: %s\r\n", key, value)
		}
	}
	from := address(m.SenderName, m.SenderAddress)
	add("From", from)
	to, cc := m.recipientLists()
	add("To", to)
	add("Cc", cc)
	add("Subject", encodeWord(m.Subject))
	if !m.Date.IsZero() {
		add("Date", m.Date.Format(time.RFC1123Z))
	}
	add("Message-ID", oneLine(m.MessageID))

	// S/MIME: the whole signed entity is stored as the one attachment.
	if strings.HasPrefix(strings.ToUpper(m.Class), "IPM.NOTE.SMIME") {
		for _, a := range m.Attachments {
			mt := strings.ToLower(a.MimeType)
			if len(a.Data) > 0 && (strings.HasPrefix(mt, "multipart/signed") || strings.HasPrefix(mt, "application/pkcs7-mime") || strings.HasPrefix(mt, "application/x-pkcs7-mime")) && w.spend(len(a.Data)) {
				h.WriteString("MIME-Version: 1.0\r\n")
				h.Write(crlf(a.Data))
				return h.Bytes()
			}
		}
	}

	// The bodies and the header come first; attachments get what is left.
	w.budget -= min(w.budget, h.Len()+(len(m.Body)+len(m.HTML))*4/3+4096)
	var parts [][]byte
	alt := w.alternative(m)
	if alt != nil {
		parts = append(parts, alt)
	}
	for _, a := range m.Attachments {
		if p := w.attachment(a, depth); p != nil {
			parts = append(parts, p)
		}
	}
	h.WriteString("MIME-Version: 1.0\r\n")
	switch len(parts) {
	case 0:
		h.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	case 1:
		h.Write(parts[0])
	default:
		w.multipart(&h, "mixed", parts)
	}
	return h.Bytes()
}

// spend takes n bytes from the budget, or reports that they do not fit.
func (w *mimeWriter) spend(n int) bool {
	if n > w.budget {
		return false
	}
	w.budget -= n
	return true
}

func (w *mimeWriter) alternative(m *Message) []byte {
	var parts [][]byte
	if strings.TrimSpace(m.Body) != "" {
		parts = append(parts, textPart("text/plain", m.Body))
	}
	if strings.TrimSpace(m.HTML) != "" {
		parts = append(parts, textPart("text/html", m.HTML))
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	var b bytes.Buffer
	w.multipart(&b, "alternative", parts)
	return b.Bytes()
}

// multipart writes a Content-Type header, a blank line and the parts
// (each an entity: header fields, blank line, body).
func (w *mimeWriter) multipart(b *bytes.Buffer, sub string, parts [][]byte) {
	w.n++
	boundary := fmt.Sprintf("=_checkmail_msg_%d", w.n)
	for collides(boundary, parts) {
		boundary += "_x"
	}
	fmt.Fprintf(b, "Content-Type: multipart/%s; boundary=\"%s\"\r\n\r\n", sub, boundary)
	for _, p := range parts {
		fmt.Fprintf(b, "--%s\r\n", boundary)
		b.Write(p)
		if !bytes.HasSuffix(p, []byte("\r\n")) {
			b.WriteString("\r\n")
		}
	}
	fmt.Fprintf(b, "--%s--\r\n", boundary)
}

func collides(boundary string, parts [][]byte) bool {
	for _, p := range parts {
		if bytes.Contains(p, []byte("--"+boundary)) {
			return true
		}
	}
	return false
}

func textPart(ct, s string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n", ct)
	writeBase64(&b, []byte(s))
	return b.Bytes()
}

func (w *mimeWriter) attachment(a Attachment, depth int) []byte {
	var b bytes.Buffer
	name := oneLine(a.Filename)
	if a.Embedded != nil {
		inner := w.message(a.Embedded, depth+1)
		if !w.spend(len(inner)) {
			w.notes = append(w.notes, fmt.Sprintf("attached message %q left out: over the size limit", name))
			return nil
		}
		b.WriteString("Content-Type: message/rfc822\r\n")
		writeDisposition(&b, "attachment", name)
		b.WriteString("\r\n")
		b.Write(inner)
		return b.Bytes()
	}
	if !w.spend(len(a.Data) * 4 / 3) {
		w.notes = append(w.notes, fmt.Sprintf("attachment %q (%d bytes) left out: over the size limit", name, len(a.Data)))
		return nil
	}
	ct := strings.ToLower(oneLine(a.MimeType))
	if _, _, err := mime.ParseMediaType(ct); err != nil || ct == "" || strings.HasPrefix(ct, "multipart/") || strings.HasPrefix(ct, "message/") {
		ct = "application/octet-stream"
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\n", ct)
	disp := "attachment"
	if a.ContentID != "" {
		disp = "inline"
		fmt.Fprintf(&b, "Content-ID: <%s>\r\n", strings.Trim(oneLine(a.ContentID), "<>"))
	}
	writeDisposition(&b, disp, name)
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	writeBase64(&b, a.Data)
	return b.Bytes()
}

func writeDisposition(b *bytes.Buffer, disp, name string) {
	if name != "" {
		if v := mime.FormatMediaType(disp, map[string]string{"filename": name}); v != "" {
			fmt.Fprintf(b, "Content-Disposition: %s\r\n", v)
			return
		}
	}
	fmt.Fprintf(b, "Content-Disposition: %s\r\n", disp)
}

func writeBase64(b *bytes.Buffer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteString("\r\n")
}

// writeTransportHeaders copies the header fields, with CRLF line ends, up
// to the first empty line, leaving out the MIME fields; have records the
// fields written.
func writeTransportHeaders(b *bytes.Buffer, h string, have map[string]bool) {
	h = strings.ReplaceAll(h, "\r\n", "\n")
	h = strings.ReplaceAll(h, "\r", "\n")
	drop := false
	for _, line := range strings.Split(h, "\n") {
		if strings.TrimSpace(line) == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !drop {
				b.WriteString(line)
				b.WriteString("\r\n")
			}
			continue
		}
		key, _, ok := strings.Cut(line, ":")
		if !ok {
			// not a field: keep it so the mail parser sees what was there
			drop = false
			b.WriteString(line)
			b.WriteString("\r\n")
			continue
		}
		k := strings.ToLower(strings.TrimSpace(key))
		drop = headersDropped[k]
		if drop {
			continue
		}
		have[k] = true
		b.WriteString(line)
		b.WriteString("\r\n")
	}
}

// recipientLists formats the To and Cc lists from the recipient table, or
// the display lists when the table has no entries of that kind.
func (m *Message) recipientLists() (to, cc string) {
	var tos, ccs []string
	for _, r := range m.Recipients {
		a := address(r.Name, r.Address)
		if a == "" {
			continue
		}
		switch r.Type {
		case RecipientCc:
			ccs = append(ccs, a)
		case RecipientBcc:
		default:
			tos = append(tos, a)
		}
	}
	to, cc = strings.Join(tos, ", "), strings.Join(ccs, ", ")
	if to == "" {
		to = encodeWord(m.DisplayTo)
	}
	if cc == "" {
		cc = encodeWord(m.DisplayCc)
	}
	return to, cc
}

// address formats a mailbox; a name without an SMTP address is written as
// a bare (encoded) display name.
func address(name, addr string) string {
	name, addr = oneLine(name), oneLine(addr)
	if addr == "" {
		return encodeWord(name)
	}
	if name == addr {
		name = ""
	}
	return (&mail.Address{Name: name, Address: addr}).String()
}

func encodeWord(s string) string {
	return mime.QEncoding.Encode("utf-8", oneLine(s))
}

// oneLine keeps a property value from breaking the header: control
// characters become spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return ' '
		}
		return r
	}, s))
}

// crlf gives a MIME entity CRLF line ends.
func crlf(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}
