// Package corpustest locates the shared, read-only mail corpus for tests and
// benchmarks. The corpus lives beside the repository (../shared/corpus from
// the module root) and is never copied into it; tests skip when it is absent.
package corpustest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the corpus directory, or skips the test when it is absent.
// CHECKMAIL_CORPUS overrides the location.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, ok := Find()
	if !ok {
		tb.Skip("shared corpus not found (../shared/corpus from the module root, or CHECKMAIL_CORPUS); skipping")
	}
	return dir
}

// Find returns the corpus directory and whether it exists.
func Find() (string, bool) {
	if d := os.Getenv("CHECKMAIL_CORPUS"); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, true
		}
		return "", false
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(d, "..", "shared", "corpus")
			if fi, err := os.Stat(c); err == nil && fi.IsDir() {
				return filepath.Clean(c), true
			}
			return "", false
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Labelled is one row of labels.tsv.
type Labelled struct {
	Path  string // absolute
	Rel   string // relative to the corpus
	Label string // phishing, legit, legit_bounce, legit_report
}

// Labels reads labels.tsv, skipping the test when the corpus is absent.
func Labels(tb testing.TB) []Labelled { tb.Helper(); return LabelsIn(tb, "") }

// LabelsIn reads the labels.tsv of a set scored on its own (sub, e.g.
// "jp_phishing_lists"; "" for the main one). Rel stays relative to the
// corpus.
func LabelsIn(tb testing.TB, sub string) []Labelled {
	tb.Helper()
	dir := Dir(tb)
	f, err := os.Open(filepath.Join(dir, sub, "labels.tsv"))
	if err != nil {
		tb.Fatalf("labels.tsv: %v", err)
	}
	defer f.Close()
	var out []Labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rel, label, ok := strings.Cut(sc.Text(), "\t")
		if !ok || rel == "path" {
			continue
		}
		rel = filepath.Join(sub, rel)
		out = append(out, Labelled{Path: filepath.Join(dir, rel), Rel: rel, Label: label})
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("labels.tsv: %v", err)
	}
	return out
}

// Seeds returns up to n mail files from the labelled corpus, spread over
// its sets, for fuzz seeding. It returns nil when the corpus is absent.
func Seeds(n int) [][]byte {
	dir, ok := Find()
	if !ok {
		return nil
	}
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var rels []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rel, _, ok := strings.Cut(sc.Text(), "\t")
		if ok && rel != "path" {
			rels = append(rels, rel)
		}
	}
	if len(rels) == 0 || n <= 0 {
		return nil
	}
	step := len(rels) / n
	if step < 1 {
		step = 1
	}
	var out [][]byte
	for i := 0; i < len(rels) && len(out) < n; i += step {
		b, err := os.ReadFile(filepath.Join(dir, rels[i]))
		if err == nil && len(b) < 1<<20 {
			out = append(out, b)
		}
	}
	return out
}
