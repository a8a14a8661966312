package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/store"
)

func TestCasesCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for i, subj := range []string{"old", "new"} {
		id, err := st.CreateCase(context.Background(), store.Case{Channel: "C1", ThreadTS: "1.0" + subj, Subject: subj, Verdict: "phishing", CreatedAt: t0.Add(time.Duration(i) * 48 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Vote(context.Background(), id, "U1", store.Phishing); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cli := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errOut, env(map[string]string{"CHECKMAIL_DB": db}))
		return code, out.String(), errOut.String()
	}
	code, out, _ := cli("cases", "--format", "json")
	var cs []caseJSON
	if code != 0 || json.Unmarshal([]byte(out), &cs) != nil || len(cs) != 2 || cs[0].Votes["U1"] != "phishing" || cs[0].Decision != "phishing" || cs[0].ThreadTS != "1.0old" {
		t.Fatalf("json: %d %s", code, out)
	}
	code, out, _ = cli("cases", "--format", "jsonl", "--since", "2026-11-02")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"votes":{"U1":"phishing"}`) {
		t.Fatalf("jsonl since: %d %q", code, out)
	}
	code, out, _ = cli("cases")
	if code != 0 || !strings.Contains(out, "U1=phishing") || !strings.HasPrefix(out, "ID") {
		t.Fatalf("text: %d %q", code, out)
	}
	for _, bad := range [][]string{{"cases", "--format", "xml"}, {"cases", "--since", "yesterday"}, {"cases", "extra"}} {
		if code, _, _ := cli(bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
