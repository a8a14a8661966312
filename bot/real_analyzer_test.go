package bot

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// injectionMail is a phishing-style mail whose headers try to reach Slack
// as markup.
const injectionMail = "Received: from mail.bank-secure.example (mail.bank-secure.example [203.0.113.9])\r\n" +
	"\tby mx.google.com with ESMTPS id x1si123.2026.11.26; Thu, 26 Nov 2026 10:00:00 -0800 (PST)\r\n" +
	"Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=bank-secure.example\r\n" +
	"From: \"PayPal <!here>\" <service@bank-secure.example>\r\n" +
	"To: user@example.com\r\n" +
	"Subject: <!channel> Verify your account now <@U0ADMIN>\r\n" +
	"Message-ID: <inj1@bank-secure.example>\r\n" +
	"Date: Thu, 26 Nov 2026 10:00:00 -0800\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n\r\n" +
	"<p>Your account is locked. <a href=\"https://bank-secure.example/login?a=<!channel>\">https://www.paypal.com/signin</a></p>\r\n"

// assertNoMarkupReachedSlack fails when any posted text or block carries
// a raw Slack control sequence.
func assertNoMarkupReachedSlack(t *testing.T, fake *slackfake.Server) {
	t.Helper()
	for _, c := range fake.Calls("chat.postMessage", "chat.update", "chat.postEphemeral") {
		for _, field := range []string{"text", "blocks"} {
			v := c.Form.Get(field)
			for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<@U0ADMIN>", "<http", "<mailto"} {
				if strings.Contains(v, bad) {
					t.Errorf("%s %s contains %q", c.Method, field, bad)
				}
			}
		}
		checkChatCall(t, c)
	}
}

func TestRealAnalyzerEndToEnd(t *testing.T) {
	an := analysis.New(analysis.Deps{}) // no lookups: offline
	h := newHarness(t, harnessOpts{socket: true, analyzer: an, opts: Options{Offline: true}})
	f := emlFile(h, "FR", "inj.eml", injectionMail)
	h.send(slackfake.EventsAPI, fileEvent("EvR", "C1", "12.0", "U1", f))
	ups := h.waitCalls("chat.update", 1)
	h.settle()
	blocks := blocksOf(t, ups[0])
	if len(blocks) < 3 || len(blocks) > 50 {
		t.Fatalf("reply has %d blocks", len(blocks))
	}
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), "vote_phishing") {
		t.Error("no vote buttons")
	}
	if len(h.fake.Calls("reactions.add")) != 2 {
		t.Errorf("reactions = %d, want 👀 and a verdict", len(h.fake.Calls("reactions.add")))
	}
	assertNoMarkupReachedSlack(t, h.fake)

	// The same mail again links to the first case.
	g := emlFile(h, "FR2", "inj2.eml", injectionMail)
	h.send(slackfake.EventsAPI, fileEvent("EvR2", "C1", "12.5", "U2", g))
	ups = h.waitCalls("chat.update", 2)
	if !strings.Contains(ups[1].Form.Get("blocks"), "fake.slack.com/archives/C1") {
		t.Errorf("second reply does not link the earlier case: %s", ups[1].Form.Get("blocks"))
	}
}

// TestCorpusThroughBot feeds real mail from the shared corpus through the
// whole bot (upload → download → real analyzer → render → Slack) and checks
// every reply stays within Slack's limits and carries no raw markup.
func TestCorpusThroughBot(t *testing.T) {
	labels := corpustest.Labels(t)
	if testing.Short() {
		t.Skip("short")
	}
	an := analysis.New(analysis.Deps{})
	h := newHarness(t, harnessOpts{socket: true, analyzer: an, opts: Options{Offline: true, RatePerMinute: 10000}})
	step := max(1, len(labels)/200)
	n := 0
	for i := 0; i < len(labels); i += step {
		raw, err := os.ReadFile(labels[i].Path)
		if err != nil || len(raw) > 5<<20 {
			continue
		}
		id := fmt.Sprintf("FC%d", i)
		f := h.fake.AddFile(slackfake.File{File: slack.File{ID: id, Name: "c.eml", Mimetype: "message/rfc822"}, Content: raw})
		h.send(slackfake.EventsAPI, fileEvent("EvC"+id, "C1", fmt.Sprintf("20.%d", i), "U1", f))
		n++
	}
	h.waitCallsFor("chat.update", n, 2*time.Minute)
	h.settle()
	for _, c := range h.fake.Calls("chat.update") {
		if bl := blocksOf(t, c); len(bl) > 50 {
			t.Errorf("reply with %d blocks", len(bl))
		}
	}
	assertNoMarkupReachedSlack(t, h.fake)
	t.Logf("%d corpus mails through the bot: %d analyzed, %d failed, %d panicked", n,
		h.bot.Metrics.AnalysesRun.Load(), h.bot.Metrics.AnalysesFailed.Load(), h.bot.Metrics.AnalysesPanicked.Load())
	if h.bot.Metrics.AnalysesPanicked.Load() != 0 {
		t.Error("analysis panicked on corpus mail")
	}
}
