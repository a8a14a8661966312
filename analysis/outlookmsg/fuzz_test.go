package outlookmsg_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/outlookmsg"
	"github.com/checkmail/checkmail/analysis/outlookmsg/msgtest"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// FuzzParse: any input gives a message or an error, within the limits, and
// the MIME written for a message reads back.
func FuzzParse(f *testing.F) {
	f.Add(msgtest.Msg(received(true)))
	f.Add(msgtest.Msg(msgtest.NewProps().Unicode(0x0037, "rtf").Binary(0x1009, msgtest.CompressRTF([]byte(`{\rtf1\fromhtml1{\*\htmltag1 <b>}x}`)))))
	if dir, ok := corpustest.Find(); ok {
		files, _ := filepath.Glob(filepath.Join(dir, "outlook_msg", "*.msg"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) <= 64<<10 {
				f.Add(b)
			}
		}
	}
	lim := outlookmsg.Limits{MaxBytes: 1 << 20, MaxEntries: 500, MaxDepth: 3, MaxAttachments: 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := outlookmsg.Convert(data, lim)
		if err != nil {
			return
		}
		if len(c.MIME) > 8<<20 {
			t.Fatalf("%d bytes of MIME from %d bytes of input", len(c.MIME), len(data))
		}
		message.Parse(c.MIME, message.Limits{})
	})
}
