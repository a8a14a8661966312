package outlookmsg_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/checkmail/checkmail/analysis/outlookmsg"
	"github.com/checkmail/checkmail/analysis/outlookmsg/msgtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The MIME written for a .msg, byte for byte (go test -update rewrites it).
func TestMIMEGolden(t *testing.T) {
	c, err := outlookmsg.Convert(msgtest.Msg(received(true)), outlookmsg.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "received.eml.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, c.MIME, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(c.MIME) != string(want) {
		t.Errorf("MIME differs from %s:\n%s", path, c.MIME)
	}
}
