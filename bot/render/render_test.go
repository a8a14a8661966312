package render_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/store"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestGolden(t *testing.T) {
	tally := store.Tally{Phishing: 2, Legitimate: 1, Votes: map[string]string{"U1": "phishing", "U2": "phishing", "U3": "legitimate"}, Decision: store.Phishing}
	tests := []struct {
		name string
		r    *report.Report
		o    render.Options
	}{
		{"legitimate", legitReport(), render.Options{Lang: "en", CaseID: 1}},
		{"legitimate_ja", legitReport(), render.Options{Lang: "ja", CaseID: 1}},
		{"phishing", phishReport(), render.Options{Lang: "en", CaseID: 42, Tally: &tally, Related: relatedCases()}},
		{"phishing_ja", phishReport(), render.Options{Lang: "ja-JP", CaseID: 42, Tally: &tally, Related: relatedCases(), MaxLinks: 5}},
		{"hostile", hostileReport(), render.Options{Lang: "en", CaseID: 9}},
		{"no_case", phishReport(), render.Options{Lang: "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := render.Payload(tt.r, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, p, "", "  "); err != nil {
				t.Fatal(err)
			}
			buf.WriteByte('\n')
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("payload differs from %s (go test -update to accept):\n%s", path, diff(string(want), buf.String()))
			}
			checkLimits(t, render.Blocks(tt.r, tt.o))
			checkNoInjection(t, p, tt.o.Related, true)
		})
	}
}

// diff shows the first differing line.
func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(equal)"
}

// checkLimits asserts Slack's Block Kit limits.
func checkLimits(t *testing.T, blocks []slack.Block) {
	t.Helper()
	if len(blocks) > render.MaxBlocks {
		t.Errorf("%d blocks > %d", len(blocks), render.MaxBlocks)
	}
	runes := utf8.RuneCountInString
	for i, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if b.Text.Type != slack.PlainTextType || runes(b.Text.Text) > render.MaxHeaderText {
				t.Errorf("block %d header: %s, %d runes", i, b.Text.Type, runes(b.Text.Text))
			}
		case *slack.SectionBlock:
			if b.Text != nil {
				if n := runes(b.Text.Text); n > render.MaxSectionText {
					t.Errorf("block %d (%s) section text %d runes", i, b.BlockID, n)
				}
				checkMrkdwn(t, b.Text)
			}
			if len(b.Fields) > render.MaxFields {
				t.Errorf("block %d: %d fields", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if runes(f.Text) > render.MaxFieldText {
					t.Errorf("block %d field %d runes", i, runes(f.Text))
				}
				checkMrkdwn(t, f)
			}
		case *slack.ContextBlock:
			if len(b.ContextElements.Elements) > render.MaxContextElements {
				t.Errorf("block %d: %d context elements", i, len(b.ContextElements.Elements))
			}
			for _, e := range b.ContextElements.Elements {
				tx := e.(*slack.TextBlockObject)
				if runes(tx.Text) > render.MaxContextText {
					t.Errorf("block %d context %d runes", i, runes(tx.Text))
				}
				checkMrkdwn(t, tx)
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				btn := e.(*slack.ButtonBlockElement)
				if runes(btn.Text.Text) > render.MaxButtonText {
					t.Errorf("button %q text %d runes", btn.ActionID, runes(btn.Text.Text))
				}
			}
		case *slack.DividerBlock:
		default:
			t.Errorf("block %d: unexpected type %T", i, b)
		}
	}
}

func checkMrkdwn(t *testing.T, tx *slack.TextBlockObject) {
	t.Helper()
	if tx.Type == slack.MarkdownType && !tx.Verbatim {
		t.Errorf("mrkdwn text without verbatim: %.60q", tx.Text)
	}
	if !utf8.ValidString(tx.Text) {
		t.Errorf("invalid UTF-8: %.60q", tx.Text)
	}
}

// checkNoInjection walks every string of the payload: none may hold Slack
// control syntax except the related-case links we built from our own
// permalinks.
func checkNoInjection(t *testing.T, payload []byte, related []store.Related, fixtureDomains bool) {
	t.Helper()
	var v any
	if err := json.Unmarshal(payload, &v); err != nil {
		t.Fatal(err)
	}
	var allowed []*regexp.Regexp
	for _, r := range related {
		if p := render.SafePermalink(r.Case.Permalink); p != "" {
			allowed = append(allowed, regexp.MustCompile(regexp.QuoteMeta("<"+strings.ReplaceAll(p, "&", "&amp;")+"|")+`[^<>|&]*>`))
		}
	}
	walkStrings(v, func(s string) {
		for _, a := range allowed {
			s = a.ReplaceAllString(s, "")
		}
		if strings.ContainsAny(s, "<>") {
			t.Errorf("raw < or > in payload string: %.200q", s)
		}
		if badBroadcast.MatchString(s) {
			t.Errorf("bare broadcast in payload string: %.200q", s)
		}
		if badAmp.MatchString(s) {
			t.Errorf("unescaped & in payload string: %.200q", s)
		}
		if fixtureDomains && (strings.Contains(s, "evil.example") || strings.Contains(s, "paypa1-secure.com")) {
			t.Errorf("domain not defanged: %.200q", s)
		}
		if strings.ContainsAny(s, "\u202E\u202D\r") {
			t.Errorf("bidi override or CR in payload: %.200q", s)
		}
	})
}

var (
	badBroadcast = regexp.MustCompile(`(?i)@(channel|here|everyone)`)
	badAmp       = regexp.MustCompile(`&(?:[^agl]|a[^m]|am[^p]|amp[^;]|l[^t]|lt[^;]|g[^t]|gt[^;]|$)`)
)

func walkStrings(v any, fn func(string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case []any:
		for _, x := range v {
			walkStrings(x, fn)
		}
	case map[string]any:
		for _, x := range v {
			walkStrings(x, fn)
		}
	}
}

func TestHugeReportLimits(t *testing.T) {
	many := make([]store.Related, 100)
	for i := range many {
		many[i] = store.Related{Case: store.Case{ID: int64(i + 1), Subject: strings.Repeat("s", 500)}, Matched: []string{"message_id"}}
	}
	for _, lang := range []string{"en", "ja"} {
		for _, maxLinks := range []int{0, 5, 1000} {
			t.Run(fmt.Sprintf("%s/maxlinks=%d", lang, maxLinks), func(t *testing.T) {
				o := render.Options{Lang: lang, CaseID: 1, Related: many, MaxLinks: maxLinks}
				blocks := render.Blocks(hugeReport(), o)
				checkLimits(t, blocks)
				p, err := render.Payload(hugeReport(), o)
				if err != nil {
					t.Fatal(err)
				}
				checkNoInjection(t, p, nil, true)
				// The buttons survive whatever happens above them.
				last, ok := blocks[len(blocks)-1].(*slack.ActionBlock)
				if !ok || last.BlockID != render.BlockActions {
					t.Fatalf("last block = %T, want the actions", blocks[len(blocks)-1])
				}
				if fb := render.Fallback(hugeReport(), lang); utf8.RuneCountInString(fb) > render.MaxFallbackText {
					t.Fatalf("fallback %d runes", utf8.RuneCountInString(fb))
				}
			})
		}
	}
}

func TestBlocksNilAndEmpty(t *testing.T) {
	for _, r := range []*report.Report{nil, {}} {
		blocks := render.Blocks(r, render.Options{})
		checkLimits(t, blocks)
		if len(blocks) < 3 {
			t.Fatalf("empty report rendered %d blocks", len(blocks))
		}
		if fb := render.Fallback(r, "en"); !strings.HasPrefix(fb, "checkmail: unknown (score 0)") {
			t.Fatalf("Fallback = %q", fb)
		}
	}
}

func TestLinksCap(t *testing.T) {
	r := phishReport() // 17 links
	tests := []struct {
		maxLinks  int
		wantLinks int
		wantMore  string
	}{
		{0, 10, "+7 more"},
		{5, 5, "+12 more"},
		{17, 17, ""},
		{100, 17, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.maxLinks), func(t *testing.T) {
			text := sectionText(t, render.Blocks(r, render.Options{MaxLinks: tt.maxLinks}), "links")
			if n := strings.Count(text, "\n• "); n != tt.wantLinks {
				t.Errorf("%d links shown, want %d:\n%s", n, tt.wantLinks, text)
			}
			if tt.wantMore != "" && !strings.HasSuffix(text, tt.wantMore) {
				t.Errorf("links text does not end with %q:\n%s", tt.wantMore, text)
			}
			if tt.wantMore == "" && strings.Contains(text, "more") {
				t.Errorf("unexpected 'more':\n%s", text)
			}
		})
	}
}

func sectionText(t *testing.T, blocks []slack.Block, id string) string {
	t.Helper()
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.BlockID == id && s.Text != nil {
			return s.Text.Text
		}
	}
	t.Fatalf("no section %q", id)
	return ""
}

func TestButtons(t *testing.T) {
	blocks := render.Blocks(phishReport(), render.Options{CaseID: 12345})
	var acts *slack.ActionBlock
	var tally *slack.ContextBlock
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.ActionBlock:
			acts = b
		case *slack.ContextBlock:
			if b.BlockID == render.BlockTally {
				tally = b
			}
		}
	}
	if acts == nil || tally == nil {
		t.Fatalf("actions %v, tally %v", acts != nil, tally != nil)
	}
	var ids []string
	for _, e := range acts.Elements.ElementSet {
		b := e.(*slack.ButtonBlockElement)
		ids = append(ids, b.ActionID)
		if b.Value != "12345" {
			t.Errorf("button %s value %q", b.ActionID, b.Value)
		}
	}
	want := []string{"vote_phishing", "vote_legitimate", "vote_not_sure", "full_report"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("action ids %q, want %q", ids, want)
	}
	for _, id := range want[:3] {
		if render.ChoiceForAction(id) == "" {
			t.Errorf("ChoiceForAction(%q) empty", id)
		}
	}
	if render.ChoiceForAction("full_report") != "" {
		t.Errorf("full_report is not a vote")
	}
	// Without a case there is nothing to vote on.
	for _, b := range render.Blocks(phishReport(), render.Options{}) {
		if b.BlockType() == slack.MBTAction || b.ID() == render.BlockTally {
			t.Fatalf("CaseID 0 rendered %s %q", b.BlockType(), b.ID())
		}
	}
}

func TestTallyBlock(t *testing.T) {
	tests := []struct {
		name string
		t    store.Tally
		lang string
		want string
	}{
		{"none en", store.Tally{}, "en", ":ballot_box_with_ballot: *Team decision:* no votes yet"},
		{"decided en", store.Tally{Phishing: 2, Legitimate: 1, Decision: store.Phishing}, "en",
			":ballot_box_with_ballot: *Team decision:* Phishing 2 · Legitimate 1 · Not sure 0 — decided: *phishing*"},
		{"tie en", store.Tally{Phishing: 1, Legitimate: 1}, "en",
			":ballot_box_with_ballot: *Team decision:* Phishing 1 · Legitimate 1 · Not sure 0 — no majority yet"},
		{"not sure ja", store.Tally{NotSure: 1, Decision: store.NotSure}, "ja",
			":ballot_box_with_ballot: *チームの判断:* フィッシング 0 · 正規 0 · 不明 1 — 判定: *わからない*"},
		{"hostile decision", store.Tally{Phishing: 1, Decision: "<!channel>"}, "en",
			":ballot_box_with_ballot: *Team decision:* Phishing 1 · Legitimate 0 · Not sure 0 — decided: *&lt;!channel&gt;*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := render.TallyBlock(tt.t, tt.lang).(*slack.ContextBlock)
			if !ok || b.BlockID != "tally" {
				t.Fatalf("TallyBlock = %T %q", b, b.BlockID)
			}
			got := b.ContextElements.Elements[0].(*slack.TextBlockObject).Text
			if got != tt.want {
				t.Fatalf("tally text\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFallback(t *testing.T) {
	tests := []struct {
		name string
		r    *report.Report
		lang string
		want string
	}{
		{"phishing en", phishReport(), "en",
			"checkmail: phishing (score 92): Your PayPal account has been limited — attachment invoice[.]pdf[.]exe is an executable"},
		{"legit ja", legitReport(), "ja",
			"checkmail: 正規のメールと思われます (スコア 5): 【SMARTalk】ご利用料金のお知らせ — smartalk[.]jp の DMARC 認証に成功"},
		{"hostile", hostileReport(), "en",
			"checkmail: suspicious (score 50): &lt;!channel&gt; urgent &amp;lt;!here&amp;gt; @\u200beveryone ``\u200b`code``\u200b` &lt;#C0123|general&gt; — display name &lt;@U0123&gt; says &lt;hxxps://evil[.]example|Slack admin&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render.Fallback(tt.r, tt.lang); got != tt.want {
				t.Fatalf("Fallback\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReasonsOrderAndLanguage(t *testing.T) {
	r := phishReport()
	en := sectionText(t, render.Blocks(r, render.Options{Lang: "en"}), "summary")
	// Highest weights first, five at most.
	wantOrder := []string{"invoice[.]pdf[.]exe", "display name says PayPal", "link text shows", "registered 3 days ago", "SPF failed"}
	last := -1
	for _, w := range wantOrder {
		i := strings.Index(en, w)
		if i < 0 || i < last {
			t.Fatalf("reason %q missing or out of order in\n%s", w, en)
		}
		last = i
	}
	if strings.Contains(en, "Reply-To differs") {
		t.Fatalf("sixth reason shown:\n%s", en)
	}
	ja := sectionText(t, render.Blocks(r, render.Options{Lang: "ja"}), "summary")
	if !strings.Contains(ja, "表示名は PayPal") || !strings.Contains(ja, "link text shows") {
		t.Fatalf("ja reasons should use TextJA and fall back to Text:\n%s", ja)
	}
	legit := sectionText(t, render.Blocks(legitReport(), render.Options{}), "summary")
	if strings.Index(legit, "DMARC passed") > strings.Index(legit, "DKIM signature aligned") {
		t.Fatalf("legitimate reasons should start with the most negative weight:\n%s", legit)
	}
}

func TestMessages(t *testing.T) {
	en, ja := render.Messages("en"), render.Messages("ja")
	if got := render.Messages("ja-JP").Lang; got != "ja" {
		t.Fatalf("ja-JP → %q", got)
	}
	if got := render.Messages("fr").Lang; got != "en" {
		t.Fatalf("fr → %q", got)
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	ev, jv := reflect.ValueOf(en), reflect.ValueOf(ja)
	for i := 0; i < ev.NumField(); i++ {
		name := ev.Type().Field(i).Name
		switch e := ev.Field(i).Interface().(type) {
		case string:
			j := jv.Field(i).String()
			if e == "" || j == "" {
				t.Errorf("%s empty (en %q, ja %q)", name, e, j)
			}
			if a, b := verbs.FindAllString(e, -1), verbs.FindAllString(j, -1); !reflect.DeepEqual(a, b) {
				t.Errorf("%s: format verbs differ: en %q, ja %q", name, a, b)
			}
		case map[string]string:
			j := jv.Field(i).Interface().(map[string]string)
			if len(e) == 0 || len(e) != len(j) {
				t.Errorf("%s: %d en keys, %d ja keys", name, len(e), len(j))
			}
			for k := range e {
				if j[k] == "" {
					t.Errorf("%s[%s] missing in ja", name, k)
				}
			}
		}
	}
	for _, m := range []render.Strings{en, ja} {
		if utf8.RuneCountInString(m.ModalTitle) > 24 || utf8.RuneCountInString(m.ModalSubmit) > 24 || utf8.RuneCountInString(m.ModalCancel) > 24 {
			t.Errorf("%s: modal title/submit/cancel over Slack's 24 characters", m.Lang)
		}
		if !strings.Contains(m.ModalHint, "3000") {
			t.Errorf("%s: modal hint must mention the 3000-character limit", m.Lang)
		}
		for _, k := range []string{store.Phishing, store.Legitimate, store.NotSure} {
			if m.ChoiceLabels[k] == "" {
				t.Errorf("%s: no label for choice %s", m.Lang, k)
			}
		}
		for _, k := range []string{store.KindMessageID, store.KindSenderDomain, store.KindOriginNetwork, store.KindLinkDomain, store.KindAttachment} {
			if m.MatchLabels[k] == "" {
				t.Errorf("%s: no label for key kind %s", m.Lang, k)
			}
		}
	}
}

func TestSafePermalink(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://acme.slack.com/archives/C1/p1700000000000100", true},
		{"https://acme.slack.com/archives/C1/p1?thread_ts=1.2&cid=C1", true},
		{"http://127.0.0.1:8080/archives/C1/p1", true},
		{"", false},
		{"javascript:alert(1)", false},
		{"https://x.slack.com/a|<!channel>", false},
		{"https://x.slack.com/a>b", false},
		{"https://user@x.slack.com/", false},
		{"https://x.slack.com/a b", false},
		{"https://x.slack.com/\u00e9", false},
		{"/relative/path", false},
		{"https://" + strings.Repeat("a", 600), false},
	}
	for _, tt := range tests {
		if got := render.SafePermalink(tt.in) != ""; got != tt.want {
			t.Errorf("SafePermalink(%q) ok = %v, want %v", tt.in, got, tt.want)
		}
	}
	text := sectionText(t, render.Blocks(phishReport(), render.Options{Related: relatedCases()}), "related")
	if !strings.Contains(text, "<https://acme.slack.com/archives/C1/p1700000000000100?thread_ts=1700000000.000100&amp;cid=C1|thread>") {
		t.Errorf("related link missing:\n%s", text)
	}
	if !strings.Contains(text, "case #3") || strings.Contains(text, "javascript") {
		t.Errorf("unsafe permalink should render as the case number:\n%s", text)
	}
	if !strings.Contains(text, "decided phishing (3 votes)") || !strings.Contains(text, "no decision (2 votes)") {
		t.Errorf("related tallies missing:\n%s", text)
	}
}

func TestVerdictReaction(t *testing.T) {
	for level, want := range map[string]string{
		report.Phishing: "rotating_light", report.Suspicious: "warning", report.Legitimate: "white_check_mark", "": "grey_question",
	} {
		if got := render.VerdictReaction(level); got != want {
			t.Errorf("VerdictReaction(%q) = %q, want %q", level, got, want)
		}
	}
}

func BenchmarkBlocks(b *testing.B) {
	for _, bc := range []struct {
		name string
		r    *report.Report
	}{{"phishing", phishReport()}, {"huge", hugeReport()}} {
		b.Run(bc.name, func(b *testing.B) {
			o := render.Options{CaseID: 1, Related: relatedCases()}
			b.ReportAllocs()
			for b.Loop() {
				_ = render.Blocks(bc.r, o)
			}
		})
	}
}

func BenchmarkPayload(b *testing.B) {
	r := phishReport()
	o := render.Options{CaseID: 1, Related: relatedCases()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Payload(r, o); err != nil {
			b.Fatal(err)
		}
	}
}
