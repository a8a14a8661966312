package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/outlookmsg/msgtest"
)

func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func level(m map[string]any) string {
	v, _ := m["verdict"].(map[string]any)
	s, _ := v["level"].(string)
	return s
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mboxOf writes mails as an mboxrd: a separator line before each, ">From "
// quoting, a blank line after each.
func mboxOf(mails ...string) string {
	var b strings.Builder
	for _, m := range mails {
		b.WriteString("From sender@example.org Tue Dec  1 08:00:00 2026\n")
		for _, line := range strings.SplitAfter(m, "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
				b.WriteString(">")
			}
			b.WriteString(line)
		}
		if !strings.HasSuffix(m, "\n") {
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// An mbox gives one report per message, in order, each with the mbox file
// and its index; a bad message gives its error line and the rest go on.
func TestAnalyzeMbox(t *testing.T) {
	dir := t.TempDir()
	legit, ph := mustRead(t, sample), mustRead(t, phish)
	mbox := filepath.Join(dir, "inbox.mbox")
	if err := os.WriteFile(mbox, []byte(mboxOf(legit, "\x00\x01 not a mail", ph, legit)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "analyze", "--format", "jsonl", mbox)
	if code != 2 || !strings.Contains(errOut, "inbox.mbox #2") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	lines := jsonLines(t, out)
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), out)
	}
	want := []string{"legitimate", "", "phishing", "legitimate"}
	for i, l := range lines {
		if l["file"] != mbox || l["index"] != float64(i+1) {
			t.Errorf("line %d: file %v index %v", i+1, l["file"], l["index"])
		}
		if want[i] == "" {
			if l["error"] == nil {
				t.Errorf("line %d: no error: %v", i+1, l)
			}
		} else if level(l) != want[i] {
			t.Errorf("line %d: verdict %q, want %q", i+1, level(l), want[i])
		}
	}
	// stdin too, and text output names the message
	code, out, _ = runCLI(t, mboxOf(ph, legit), "analyze", "-")
	if code != 0 || !strings.Contains(out, "== stdin #2\n") {
		t.Errorf("exit %d, text output without the message number:\n%.300s", code, out)
	}
}

// A Maildir gives its messages (cur/ then new/, by name); a folder that
// is not a Maildir is walked; an Outlook .msg is analyzed like an .eml.
func TestAnalyzeMaildirAndWalk(t *testing.T) {
	root := t.TempDir()
	md := filepath.Join(root, "Maildir")
	write := func(p, data string) {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Maildir/cur/1.host:2,S", mustRead(t, phish))
	write("Maildir/new/2.host", mustRead(t, sample))
	write("Maildir/tmp/3.host", "in delivery")
	write("a/b/mail.eml", mustRead(t, sample))
	write("a/.hidden", "skip me")
	msg := msgtest.Msg(msgtest.NewProps().
		Unicode(0x007D, "Received: from x (x [198.51.100.9]) by mx.example.org; Tue, 1 Dec 2026 08:00:00 +0000\r\nFrom: a@example.com\r\nSubject: from outlook\r\n").
		Unicode(0x0037, "from outlook").Unicode(0x1000, "hello"))
	write("a/outlook.msg", string(msg))

	code, out, errOut := runCLI(t, "", "analyze", "--format", "jsonl", md, filepath.Join(root, "a"))
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := jsonLines(t, out)
	var got []string
	for _, l := range lines {
		rel, _ := filepath.Rel(root, l["file"].(string))
		got = append(got, rel+"="+level(l))
		if _, ok := l["index"]; ok {
			t.Errorf("index on a file that is one mail: %v", l["index"])
		}
	}
	want := "Maildir/cur/1.host:2,S=phishing Maildir/new/2.host=legitimate a/b/mail.eml=legitimate a/outlook.msg=legitimate"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(lines) == 4 {
		notes, _ := json.Marshal(lines[3]["notes"])
		if lines[3]["subject"] != "from outlook" || !strings.Contains(string(notes), "Outlook .msg") {
			t.Errorf(".msg report: subject %v notes %s", lines[3]["subject"], notes)
		}
	}
}

// Output order is input order, whatever the number of workers.
func TestAnalyzeOrder(t *testing.T) {
	legit, ph := mustRead(t, sample), mustRead(t, phish)
	var mails []string
	var want []string
	for i := 0; i < 40; i++ {
		if i%3 == 0 {
			mails, want = append(mails, ph), append(want, "phishing")
		} else {
			mails, want = append(mails, legit), append(want, "legitimate")
		}
	}
	code, out, _ := runCLI(t, mboxOf(mails...), "analyze", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := jsonLines(t, out)
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		if l["index"] != float64(i+1) || level(l) != want[i] {
			t.Errorf("line %d: index %v verdict %s, want %s", i+1, l["index"], level(l), want[i])
		}
	}
}
