package mailbox

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readAll(t testing.TB, data string, max int) []*Message {
	t.Helper()
	r := NewMboxReader(strings.NewReader(data), max)
	var out []*Message
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
}

func TestIsSeparator(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n", true},
		{"From alice@example.org Mon Jan  1 00:00:00 2024\r\n", true},
		{"From 1790236812345678901@xxx Mon Jan 01 00:00:00 +0000 2024\n", true},
		{"From  Sat Jan  3 01:05:34 1996\n", true},
		{"From bob@example.org Tue, 1 Dec 2026 08:00:00 +0000\n", true},
		{"From: alice@example.org\n", false},
		{"From what I heard, the meeting is at 10:30\n", false},
		{"from alice@example.org Mon Jan  1 00:00:00 2024\n", false},
		{">From alice@example.org Mon Jan  1 00:00:00 2024\n", false},
		{"From alice@example.org\n", false},
		{"From " + strings.Repeat("x", 2000) + " Jan 1 10:00 2024\n", false},
	}
	for _, tt := range tests {
		if got := IsSeparator([]byte(tt.line)); got != tt.want {
			t.Errorf("IsSeparator(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestIsMbox(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\n", true},
		{"From: a@b\nSubject: x\n\nbody\n", false},
		{"Received: from x\nFrom: a@b\n", false},
		{"\nFrom a@b Mon Jan  1 00:00:00 2024\n", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsMbox([]byte(tt.head)); got != tt.want {
			t.Errorf("IsMbox(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

func TestMboxReader(t *testing.T) {
	mbox := "From a@example.org Mon Jan  1 00:00:00 2024\n" +
		"From: a@example.org\nSubject: one\n\nhello\n>From the start\n>>From quoted twice\n>Frome is a town\nFrom what I heard\n\n" +
		"From b@example.org Tue Jan  2 00:00:00 2024\r\n" +
		"From: b@example.org\r\nSubject: two\r\n\r\nbody two\r\n\r\n" +
		"From c@example.org Wed Jan  3 00:00:00 2024\n" +
		"From: c@example.org\nSubject: three\n\nno blank line at the end"
	got := readAll(t, mbox, 1<<20)
	want := []string{
		"From: a@example.org\nSubject: one\n\nhello\nFrom the start\n>From quoted twice\n>Frome is a town\nFrom what I heard\n",
		"From: b@example.org\r\nSubject: two\r\n\r\nbody two\r\n",
		"From: c@example.org\nSubject: three\n\nno blank line at the end",
	}
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Index != i+1 || string(got[i].Data) != want[i] || got[i].Err != nil {
			t.Errorf("message %d: index %d data %q err %v", i+1, got[i].Index, got[i].Data, got[i].Err)
		}
	}
}

func TestMboxReaderEdges(t *testing.T) {
	sep := "From x@example.org Mon Jan  1 00:00:00 2024\n"
	long := strings.Repeat("a", 200<<10) + "\n"
	tests := []struct {
		name  string
		mbox  string
		max   int
		sizes []int // len(Data), -1 for a too-large message
	}{
		{"empty", "", 100, nil},
		{"no separator", "just text\n", 100, nil},
		{"text before the first separator", "junk\n" + sep + "A: b\n", 100, []int{5}},
		{"empty message", sep + sep + "A: b\n", 100, []int{0, 5}},
		{"too large, then fine", sep + long + sep + "A: b\n", 100 << 10, []int{-1, 5}},
		{"line longer than the buffer", sep + long, 1 << 20, []int{len(long)}},
		{"separator-like text inside a long line", sep + strings.Repeat("b", 70<<10) + sep, 1 << 20, []int{70<<10 + len(sep)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sizes []int
			for _, m := range readAll(t, tt.mbox, tt.max) {
				if m.Err != nil {
					if !errors.Is(m.Err, ErrTooLarge) || m.Data != nil {
						t.Errorf("message %d: err %v", m.Index, m.Err)
					}
					sizes = append(sizes, -1)
					continue
				}
				sizes = append(sizes, len(m.Data))
			}
			if !reflect.DeepEqual(sizes, tt.sizes) {
				t.Errorf("sizes %v, want %v", sizes, tt.sizes)
			}
		})
	}
}

func TestMaildir(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"cur/2.host:2,S", "cur/1.host:2,", "new/3.host", "new/.hidden", "tmp/4.host"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("From: a@b\n\nx\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !IsMaildir(dir) || IsMaildir(filepath.Join(dir, "cur")) {
		t.Error("IsMaildir wrong")
	}
	got, err := MaildirFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "cur/1.host:2,"), filepath.Join(dir, "cur/2.host:2,S"), filepath.Join(dir, "new/3.host")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzMbox: the reader never panics, keeps messages within the limit and
// loses no bytes: every message is a part of the input, unquoted.
func FuzzMbox(f *testing.F) {
	f.Add([]byte("From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b\n\n>From x\n\nFrom c@d Tue Jan  2 00:00:00 2024\nX: y\n"))
	f.Add([]byte("From a@b Mon Jan  1 00:00:00 2024\r\n\r\n\r\n"))
	f.Add([]byte("junk\nFrom  Sat Jan  3 01:05:34 1996\n>>>From\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const max = 4096
		r := NewMboxReader(bytes.NewReader(data), max)
		total := 0
		for i := 1; ; i++ {
			m, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Index != i {
				t.Fatalf("index %d, want %d", m.Index, i)
			}
			if m.Err == nil && len(m.Data) > max {
				t.Fatalf("message of %d bytes over the %d limit", len(m.Data), max)
			}
			total += len(m.Data)
			if i > len(data)+1 {
				t.Fatal("more messages than bytes")
			}
		}
		if total > len(data) {
			t.Fatalf("%d bytes of messages from %d bytes", total, len(data))
		}
	})
}
