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
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, env(map[string]string{"CHECKMAIL_OFFLINE": "1"}))
	return code, out.String(), errb.String()
}

const sample = "../../analysis/testdata/smartalk.eml"
const phish = "../../analysis/testdata/smartalk-phish.eml"

func TestAnalyzeFormats(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"text", []string{"analyze", sample}, 0, []string{"LEGITIMATE", "106[.]185[.]101[.]209", "authentic_brand"}},
		{"text ja", []string{"analyze", "--lang", "ja", phish}, 0, []string{"フィッシング", "brand_impersonation"}},
		{"json", []string{"analyze", "--format", "json", phish}, 0, []string{`"level": "phishing"`, `"file": "../../analysis/testdata/smartalk-phish.eml"`}},
		{"slack", []string{"analyze", "--format", "slack", phish}, 0, []string{`"blocks"`, `"unfurl_links":false`}},
		{"unknown format", []string{"analyze", "--format", "xml", sample}, 2, nil},
		{"unknown lang", []string{"analyze", "--lang", "fr", sample}, 2, nil},
		{"missing file", []string{"analyze", "no-such-file.eml"}, 2, nil},
		{"not a mail", []string{"analyze", "main.go"}, 2, nil},
		{"unknown command", []string{"frobnicate"}, 2, nil},
		{"version", []string{"version"}, 0, []string{"checkmail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errOut)
			}
			if code == 2 && errOut == "" {
				t.Error("exit 2 without a message on stderr")
			}
			for _, c := range tt.contains {
				if !strings.Contains(out, c) {
					t.Errorf("output lacks %q:\n%s", c, out)
				}
			}
		})
	}
}

// jsonl: one object per input, each with "file"; a bad file gives an error
// object and the rest go on.
func TestAnalyzeJSONL(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.eml")
	if err := os.WriteFile(bad, []byte{0, 1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "", "analyze", "--format", "jsonl", sample, bad, phish)
	if code != 2 {
		t.Errorf("exit %d, want 2 (one input unreadable)", code)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3", len(lines))
	}
	if lines[1]["file"] != bad || lines[1]["error"] == nil {
		t.Errorf("bad file line = %v", lines[1])
	}
	for i, want := range []string{"legitimate", "", "phishing"} {
		if want == "" {
			continue
		}
		v, _ := lines[i]["verdict"].(map[string]any)
		if v["level"] != want || lines[i]["file"] == "" {
			t.Errorf("line %d = file %v verdict %v, want %s", i, lines[i]["file"], v, want)
		}
	}
}

func TestAnalyzeStdin(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, string(raw), "analyze", "--format", "json", "-")
	if code != 0 || !strings.Contains(out, `"level": "legitimate"`) {
		t.Errorf("exit %d, stderr %q, out %.200s", code, errOut, out)
	}
}

func TestServeNeedsTokens(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve"}, nil, &out, &errb, env(nil))
	if code != 2 || !strings.Contains(errb.String(), "SLACK_BOT_TOKEN") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// With no GeoIP file configured and offline, the databases embedded in the
// binary give the seed's origin: Japan, AS2516 KDDI, and say so.
func TestAnalyzeEmbeddedGeoIP(t *testing.T) {
	code, out, errOut := runCLI(t, "", "analyze", sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Location     Japan  [ip-location-db geo-whois-asn-country, ",
		"ASN          AS2516 KDDI CORPORATION  [ip-location-db asn, ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI(t, "", "analyze", "--format", "json", sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Origin struct {
			Geo struct {
				Country string `json:"country"`
				Source  struct {
					Database string `json:"database"`
					Built    string `json:"built"`
					Embedded bool   `json:"embedded"`
				} `json:"source"`
			} `json:"geo"`
			ASN struct {
				Number uint   `json:"number"`
				Org    string `json:"org"`
				Source struct {
					Database string `json:"database"`
					Built    string `json:"built"`
					Embedded bool   `json:"embedded"`
				} `json:"source"`
			} `json:"asn"`
		} `json:"origin"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	g, a := rep.Origin.Geo, rep.Origin.ASN
	if g.Country != "JP" || !g.Source.Embedded || g.Source.Built == "" || a.Number != 2516 || a.Org != "KDDI CORPORATION" || !a.Source.Embedded || a.Source.Database != "ip-location-db asn" {
		t.Errorf("origin = %+v", rep.Origin)
	}
}
