package analysis

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/outlookmsg/msgtest"
)

// An Outlook .msg is analyzed on its transport headers; without them the
// report says the route is unknown; a broken one is the input's fault.
func TestAnalyzeOutlookMsg(t *testing.T) {
	eml := fixture(t, "smartalk-phish.eml")
	head, _, _ := strings.Cut(strings.ReplaceAll(string(eml), "\r\n", "\n"), "\n\n")
	withHeaders := msgtest.Msg(msgtest.NewProps().
		Unicode(0x007D, head+"\n").
		Unicode(0x0037, "ignored: the transport headers have a Subject").
		Unicode(0x1000, "Please update your card: https://example.invalid/login"))
	draft := msgtest.Msg(msgtest.NewProps().
		Unicode(0x0037, "Draft subject").Unicode(0x0C1A, "Someone").Unicode(0x5D01, "someone@example.com").
		Unicode(0x1000, "hello"))

	rep := analyze(t, withHeaders)
	direct := analyze(t, eml)
	if rep.Subject != direct.Subject || len(rep.Hops) != len(direct.Hops) || len(rep.Hops) == 0 {
		t.Errorf(".msg: subject %q, %d hops; the .eml: %q, %d hops", rep.Subject, len(rep.Hops), direct.Subject, len(direct.Hops))
	}
	if !strings.Contains(strings.Join(rep.Notes, "\n"), "Outlook .msg") {
		t.Errorf("notes %q", rep.Notes)
	}

	rep = analyze(t, draft)
	notes := strings.Join(rep.Notes, "\n")
	if rep.Subject != "Draft subject" || rep.Sender.From == "" || !strings.Contains(notes, "route the mail took is unknown") {
		t.Errorf("draft: subject %q from %q notes %q", rep.Subject, rep.Sender.From, rep.Notes)
	}

	_, err := testAnalyzer().AnalyzeBytes(context.Background(), draft[:700], Options{})
	if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), ".msg") {
		t.Errorf("truncated .msg: %v", err)
	}
}
