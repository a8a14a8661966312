package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// TestCorpusMbox: the phishing_pot mails as one mbox (written to the
// temporary directory, never into the repository) give the same verdicts,
// in the same order, as the files analyzed one by one. Every 8th mail by
// default; all of them with CHECKMAIL_CORPUS_MBOX_ALL=1 (2099 mails, about
// a minute on two cores without -race).
func TestCorpusMbox(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus mbox: long")
	}
	all := os.Getenv("CHECKMAIL_CORPUS_MBOX_ALL") != ""
	var files []string
	n := 0
	for _, l := range corpustest.Labels(t) {
		if strings.HasPrefix(l.Rel, "phishing_pot/") {
			if all || n%8 == 0 {
				files = append(files, l.Path)
			}
			n++
		}
	}
	if len(files) == 0 {
		t.Skip("no phishing_pot mails in labels.tsv")
	}
	mbox := filepath.Join(os.TempDir(), "checkmail-phishing_pot.mbox")
	var b bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(mboxOf(string(data)))
	}
	if err := os.WriteFile(mbox, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d messages, %d bytes", mbox, len(files), b.Len())

	verdicts := func(args ...string) ([]string, time.Duration) {
		var out, errb bytes.Buffer
		start := time.Now()
		run(context.Background(), append([]string{"analyze", "--offline", "--format", "jsonl"}, args...), nil, &out, &errb, env(map[string]string{"CHECKMAIL_OFFLINE": "1"}))
		d := time.Since(start)
		var levels []string
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			if e, ok := m["error"]; ok {
				levels = append(levels, "error: "+e.(string))
				continue
			}
			levels = append(levels, level(m))
		}
		return levels, d
	}
	one, d1 := verdicts(files...)
	box, d2 := verdicts(mbox)
	if len(one) != len(files) || len(box) != len(files) {
		t.Fatalf("%d files: %d results one by one, %d from the mbox", len(files), len(one), len(box))
	}
	diff := 0
	for i := range files {
		if one[i] != box[i] {
			diff++
			t.Errorf("%s: %s one by one, %s in the mbox (message %d)", files[i], one[i], box[i], i+1)
		}
	}
	t.Logf("%d messages, %d verdict differences; files %.0f msg/s, mbox %.0f msg/s",
		len(files), diff, float64(len(files))/d1.Seconds(), float64(len(files))/d2.Seconds())
}
