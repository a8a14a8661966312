package outlookmsg_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/outlookmsg"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func corpusFiles(tb testing.TB) []string {
	dir := filepath.Join(corpustest.Dir(tb), "outlook_msg")
	files, _ := filepath.Glob(filepath.Join(dir, "*.msg"))
	if len(files) == 0 {
		tb.Skip("no .msg files in " + dir)
	}
	return files
}

// Every corpus file converts to a mail the parser reads, or fails with one
// line that says what is wrong; transport headers are recovered from the
// files that have them (top level and attached messages).
func TestCorpus(t *testing.T) {
	var converted, failed, top, embedded, embeddedMsgs int
	for _, f := range corpusFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		c, err := outlookmsg.Convert(b, outlookmsg.Limits{})
		if err != nil {
			failed++
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 300 {
				t.Errorf("%s: error is not one short line: %q", name, err)
			}
			t.Logf("%s: %v", name, err)
			continue
		}
		converted++
		if c.TransportHeaders {
			top++
		}
		m, _ := outlookmsg.Parse(b, outlookmsg.Limits{})
		var walk func(m *outlookmsg.Message)
		walk = func(m *outlookmsg.Message) {
			for _, a := range m.Attachments {
				if a.Embedded != nil {
					embeddedMsgs++
					if a.Embedded.TransportHeaders != "" {
						embedded++
					}
					walk(a.Embedded)
				}
			}
		}
		walk(m)
		if _, err := message.Parse(c.MIME, message.Limits{}); err != nil {
			t.Errorf("%s: converted mail does not parse: %v", name, err)
		}
	}
	t.Logf("outlook_msg: %d converted, %d one-line errors; transport headers recovered on %d top-level messages and %d of %d attached messages",
		converted, failed, top, embedded, embeddedMsgs)
	// Measured on the corpus of 39 files (README: 21 top-level messages with
	// 0x007D, 2 of them in files whose CFB directory is corrupt).
	if top < 19 {
		t.Errorf("transport headers recovered on %d top-level messages, want at least 19", top)
	}
	if failed > 3 {
		t.Errorf("%d files failed, want at most the 3 broken CFB files", failed)
	}
}
