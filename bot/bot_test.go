package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/store"
)

// checkChatCall asserts the invariants of every message the bot posts.
func checkChatCall(t *testing.T, c slackfake.Call) {
	t.Helper()
	if c.Form.Get("unfurl_links") != "false" || c.Form.Get("unfurl_media") != "false" {
		t.Errorf("%s without unfurl_links/unfurl_media=false: %v", c.Method, c.Form)
	}
	if c.Form.Get("link_names") != "" || c.Form.Get("parse") != "" {
		t.Errorf("%s sets link_names/parse", c.Method)
	}
}

func TestSlashCommandWithHeaders(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	headers := testMail("Please verify your account", true)
	ack := h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(headers)))
	var ackBody struct{ ResponseType, Text string }
	_ = json.Unmarshal(ack.Payload, &struct {
		ResponseType *string `json:"response_type"`
		Text         *string `json:"text"`
	}{&ackBody.ResponseType, &ackBody.Text})
	if ackBody.ResponseType != "ephemeral" || !strings.Contains(ackBody.Text, "Analyzing") {
		t.Fatalf("ack = %s, want ephemeral analyzing", ack.Payload)
	}
	updates := h.waitCalls("chat.update", 1)
	h.settle()
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) < 2 {
		t.Fatalf("want parent + placeholder, got %d posts", len(posts))
	}
	parent, placeholder := posts[0], posts[1]
	if parent.Form.Get("thread_ts") != "" || !strings.Contains(parent.Form.Get("text"), "<@U1>") {
		t.Errorf("parent = %v", parent.Form)
	}
	if strings.Contains(parent.Form.Get("text"), "bank-secure") || strings.Contains(parent.Form.Get("text"), "Received") {
		t.Errorf("parent message leaks headers: %q", parent.Form.Get("text"))
	}
	if placeholder.Form.Get("thread_ts") == "" {
		t.Errorf("placeholder not in a thread: %v", placeholder.Form)
	}
	up := updates[0]
	if blocks := blocksOf(t, up); len(blocks) == 0 || len(blocks) > 50 {
		t.Fatalf("update has %d blocks", len(blocks))
	}
	if !strings.Contains(strings.ToLower(up.Form.Get("text")), "phishing") {
		t.Errorf("fallback text = %q", up.Form.Get("text"))
	}
	for _, c := range h.fake.Calls("chat.postMessage", "chat.update") {
		checkChatCall(t, c)
	}
	// The case is stored with the reply's ts and the subject unformatted.
	c, err := h.st.Case(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Verdict != "phishing" || c.ReplyTS == "" || c.Subject != "Please verify your account" || c.Keys.SenderDomain == "" {
		t.Errorf("case = %+v", c)
	}
	if got := h.an.Calls(); got != 1 {
		t.Errorf("analyzer calls = %d", got)
	}
}

func TestSlashCommandNotInChannel(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.fake.SetNotInChannel("C1")
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("hello", true))))
	calls := h.waitCalls("response_url", 1)
	var body struct{ Text string }
	_ = json.Unmarshal(calls[0].Body, &body)
	if !strings.Contains(body.Text, "/invite") {
		t.Errorf("response_url text = %q, want invite instructions", body.Text)
	}
	if h.an.Calls() != 0 {
		t.Errorf("analysis ran although the result cannot be posted")
	}
}

func TestEmptySlashCommandOpensModal(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	ack := h.send(slackfake.SlashCommands, slashPayload(h, "U1", "  "))
	if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Errorf("ack payload = %s, want empty", ack.Payload)
	}
	calls := h.waitCalls("views.open", 1)
	var req struct {
		TriggerID string          `json:"trigger_id"`
		View      json.RawMessage `json:"view"`
	}
	if err := json.Unmarshal(calls[0].Body, &req); err != nil {
		t.Fatal(err)
	}
	var view slack.ModalViewRequest
	if err := json.Unmarshal(req.View, &view); err != nil {
		t.Fatal(err)
	}
	if req.TriggerID != "trig-1" || view.CallbackID != CallbackModal || len(view.Blocks.BlockSet) != 1 {
		t.Fatalf("views.open = %s", calls[0].Body)
	}
	in, ok := view.Blocks.BlockSet[0].(*slack.InputBlock)
	if !ok {
		t.Fatalf("block = %T", view.Blocks.BlockSet[0])
	}
	el, ok := in.Element.(*slack.PlainTextInputBlockElement)
	if !ok || !el.Multiline || el.MaxLength != 3000 {
		t.Fatalf("input = %+v", in.Element)
	}
	if !strings.Contains(in.Hint.Text, ".eml") {
		t.Errorf("hint %q does not point long headers to an .eml upload", in.Hint.Text)
	}

	// Submitting the modal analyzes the text in the channel it was opened in.
	sub := map[string]any{
		"type": "view_submission", "user": map[string]any{"id": "U1"},
		"view": map[string]any{
			"id": "V1", "callback_id": CallbackModal, "private_metadata": view.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{modalBlockID: map[string]any{modalActionID: map[string]any{"type": "plain_text_input", "value": testMail("modal check", true)}}}},
		},
	}
	if ack := h.send(slackfake.Interactive, sub); len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		t.Errorf("view_submission ack = %s, want empty (close)", ack.Payload)
	}
	ups := h.waitCalls("chat.update", 1)
	if ups[0].Form.Get("channel") != "C1" {
		t.Errorf("result posted to %q", ups[0].Form.Get("channel"))
	}

	// An empty submission keeps the modal open with an error.
	sub["view"].(map[string]any)["state"] = map[string]any{"values": map[string]any{}}
	ack = h.send(slackfake.Interactive, sub)
	if !strings.Contains(string(ack.Payload), `"response_action":"errors"`) {
		t.Errorf("empty submission ack = %s", ack.Payload)
	}
}

func emlFile(h *harness, id, name, content string) slack.File {
	return h.fake.AddFile(slackfake.File{File: slack.File{ID: id, Name: name, Mimetype: "message/rfc822", Filetype: "eml"}, Content: []byte(content)})
}

func TestEmlUpload(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	f := emlFile(h, "F1", "suspicious.eml", testMail("Verify now", true))
	h.send(slackfake.EventsAPI, fileEvent("Ev1", "C1", "1700000000.000001", "U2", f))
	h.waitCalls("chat.update", 1)
	h.settle()
	var seq []string
	for _, c := range h.fake.Calls("reactions.add", "chat.postMessage", "download", "chat.update") {
		s := c.Method
		if c.Method == "reactions.add" {
			s += ":" + c.Form.Get("name")
		}
		seq = append(seq, s)
	}
	// The 👀 reaction and the placeholder go out together.
	if len(seq) > 1 && seq[0] == "chat.postMessage" {
		seq[0], seq[1] = seq[1], seq[0]
	}
	want := "reactions.add:eyes,chat.postMessage,download,chat.update,reactions.add:rotating_light"
	if got := strings.Join(seq, ","); got != want {
		t.Errorf("sequence = %s\nwant       %s", got, want)
	}
	dl := h.fake.Calls("download")
	if len(dl) != 1 || dl[0].Auth != "Bearer "+testBotToken {
		t.Errorf("download auth wrong or missing")
	}
	post := h.fake.Calls("chat.postMessage")[0]
	if post.Form.Get("thread_ts") != "1700000000.000001" {
		t.Errorf("placeholder thread_ts = %q", post.Form.Get("thread_ts"))
	}
	up := h.fake.Calls("chat.update")[0]
	if up.Form.Get("ts") == "" || len(blocksOf(t, up)) == 0 {
		t.Errorf("update = %v", up.Form)
	}
	for _, c := range h.fake.Calls("chat.postMessage", "chat.update") {
		checkChatCall(t, c)
	}
}

func TestIgnoredUploadsAndOwnMessages(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	png := h.fake.AddFile(slackfake.File{File: slack.File{ID: "F2", Name: "cat.png", Mimetype: "image/png", Filetype: "png"}, Content: []byte("x")})
	eml := emlFile(h, "F3", "a.eml", testMail("x", true))
	notes := h.fake.AddFile(slackfake.File{File: slack.File{ID: "F4", Name: "notes.txt", Mimetype: "text/plain", Filetype: "text"}, Content: []byte("shopping list: milk")})
	own := fileEvent("Ev2", "C1", "1.1", slackfake.BotUserID, eml)
	ownBot := fileEvent("Ev3", "C1", "1.2", "U9", eml)
	ownBot["event"].(map[string]any)["bot_id"] = slackfake.BotID
	for _, ev := range []map[string]any{
		fileEvent("Ev1", "C1", "1.0", "U1", png), own, ownBot,
		fileEvent("Ev4", "C1", "1.3", "U1", notes),
	} {
		h.send(slackfake.EventsAPI, ev)
	}
	time.Sleep(200 * time.Millisecond)
	h.settle()
	if n := len(h.fake.Calls("chat.postMessage", "chat.update", "reactions.add")); n != 0 {
		t.Errorf("bot reacted to ignored uploads: %s", methods(h.fake.Calls()))
	}
	if h.an.Calls() != 0 {
		t.Errorf("analyzer ran %d times", h.an.Calls())
	}

	// A text snippet that holds headers is analyzed.
	snip := h.fake.AddFile(slackfake.File{File: slack.File{ID: "F5", Name: "headers.txt", Mimetype: "text/plain", Filetype: "text", Mode: "snippet"}, Content: []byte(testMail("snippet", true))})
	h.send(slackfake.EventsAPI, fileEvent("Ev5", "C1", "1.4", "U1", snip))
	h.waitCalls("chat.update", 1)
}

func TestForwardedToChannelEmail(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	f := h.fake.AddFile(slackfake.File{File: slack.File{ID: "FE", Name: "Fwd: hello", Mimetype: "text/html", Filetype: "email", Mode: "email"}, Content: []byte("<p>hi</p>")})
	h.send(slackfake.EventsAPI, fileEvent("Ev1", "C1", "2.0", "U1", f))
	posts := h.waitCalls("chat.postMessage", 1)
	if txt := posts[0].Form.Get("text"); !strings.Contains(txt, "Received") || !strings.Contains(txt, ".eml") {
		t.Errorf("reply = %q, want the no-Received-chain explanation", txt)
	}
	if h.an.Calls() != 0 {
		t.Error("forwarded mail was analyzed")
	}

	// A mail without Received headers gets the same explanation after the report.
	g := emlFile(h, "F9", "fwd.eml", testMail("no chain", false))
	h.send(slackfake.EventsAPI, fileEvent("Ev2", "C1", "2.1", "U1", g))
	h.waitCalls("chat.update", 1)
	h.settle()
	posts = h.fake.Calls("chat.postMessage")
	if last := posts[len(posts)-1].Form.Get("text"); !strings.Contains(last, "Received") {
		t.Errorf("last post = %q, want the no-Received-chain note", last)
	}
}

func TestMentionInThread(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	f := emlFile(h, "F7", "report.eml", testMail("Verify mention", true))
	h.fake.SetThread("C1", "3.0", []slack.Message{
		{Msg: slack.Msg{Timestamp: "3.0", User: "U1", Text: "is this real?", Files: []slack.File{f}}},
		{Msg: slack.Msg{Timestamp: "3.1", User: slackfake.BotUserID, Text: "older bot reply"}},
		{Msg: slack.Msg{Timestamp: "3.2", User: "U2", Text: "<@" + slackfake.BotUserID + "> check please"}},
	})
	mention := map[string]any{"type": "app_mention", "user": "U2", "text": "<@" + slackfake.BotUserID + "> check please", "ts": "3.2", "thread_ts": "3.0", "channel": "C1"}
	h.send(slackfake.EventsAPI, slackfake.EventCallback("EvM", mention))
	// The same message also arrives as a plain message event: deduplicated.
	h.send(slackfake.EventsAPI, slackfake.EventCallback("EvM2", map[string]any{"type": "message", "user": "U2", "text": mention["text"], "ts": "3.2", "thread_ts": "3.0", "channel": "C1"}))
	ups := h.waitCalls("chat.update", 1)
	h.settle()
	if n := len(h.fake.Calls("conversations.replies")); n != 1 {
		t.Errorf("conversations.replies called %d times", n)
	}
	if h.an.Calls() != 1 {
		t.Errorf("analyzer calls = %d, want 1", h.an.Calls())
	}
	if ph := h.fake.Calls("chat.postMessage")[0]; ph.Form.Get("thread_ts") != "3.0" {
		t.Errorf("reply thread = %q", ph.Form.Get("thread_ts"))
	}
	_ = ups

	// A mention with the headers in the message itself.
	h.send(slackfake.EventsAPI, slackfake.EventCallback("EvM3", map[string]any{"type": "app_mention", "user": "U2", "text": "<@" + slackfake.BotUserID + ">\n" + slackFormat(testMail("inline", true)), "ts": "4.0", "channel": "C1"}))
	h.waitCalls("chat.update", 2)
}

func TestDuplicateDelivery(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	f := emlFile(h, "F1", "a.eml", testMail("dup", true))
	ev := fileEvent("EvDup", "C1", "5.0", "U1", f)
	h.send(slackfake.EventsAPI, ev)
	// Slack retries with the same event_id; a different id with the same
	// channel+ts is the mention/message pair.
	if _, _, err := h.fake.Send(slackfake.EventsAPI, ev, 1); err != nil {
		t.Fatal(err)
	}
	ev2 := fileEvent("EvOther", "C1", "5.0", "U1", f)
	h.send(slackfake.EventsAPI, ev2)
	h.waitCalls("chat.update", 1)
	time.Sleep(100 * time.Millisecond)
	h.settle()
	if h.an.Calls() != 1 || len(h.fake.Calls("chat.update")) != 1 {
		t.Errorf("analyses = %d, updates = %d; want 1 each", h.an.Calls(), len(h.fake.Calls("chat.update")))
	}
	if got := h.bot.Metrics.DedupHits.Load(); got != 2 {
		t.Errorf("dedup hits = %d, want 2", got)
	}
}

func TestFileOverCap(t *testing.T) {
	tests := []struct {
		name     string
		file     slackfake.File
		download bool
	}{
		{"declared size over cap", slackfake.File{File: slack.File{ID: "FB", Name: "big.eml", Mimetype: "message/rfc822", Size: 5000}, Content: []byte(testMail("big", true))}, false},
		{"served bytes over cap", slackfake.File{File: slack.File{ID: "FL", Name: "liar.eml", Mimetype: "message/rfc822", Size: 100}, Content: []byte(testMail("liar", true)), ServeExtra: 5000}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, harnessOpts{socket: true, opts: Options{MaxFileBytes: 1024}})
			f := h.fake.AddFile(tt.file)
			h.send(slackfake.EventsAPI, fileEvent("Ev-"+tt.file.ID, "C1", "6.0", "U1", f))
			ups := h.waitCalls("chat.update", 1)
			h.settle()
			if txt := ups[0].Form.Get("text"); !strings.Contains(txt, "1.0 KiB") {
				t.Errorf("reply = %q, want the cap named", txt)
			}
			if got := len(h.fake.Calls("download")) > 0; got != tt.download {
				t.Errorf("downloaded = %v, want %v", got, tt.download)
			}
			if h.an.Calls() != 0 {
				t.Error("oversized file was analyzed")
			}
			if h.bot.Metrics.FilesTooLarge.Load() != 1 {
				t.Error("files_too_large not counted")
			}
		})
	}
}

func TestInjectionInSubjectIsEscaped(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	subj := "Verify <!channel> <@U0ADMIN> <!here> <https://evil.example|your bank> @everyone"
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail(subj, true))))
	h.waitCalls("chat.update", 1)
	h.settle()
	c, _ := h.st.Case(context.Background(), 1)
	if c.Subject != subj {
		t.Fatalf("the analyzer did not see the raw subject: %q", c.Subject)
	}
	for _, call := range h.fake.Calls("chat.postMessage", "chat.update", "chat.postEphemeral") {
		for _, field := range []string{"text", "blocks"} {
			v := call.Form.Get(field)
			for _, bad := range []string{"<!channel>", "<@U0ADMIN>", "<!here>", "<https://evil", "evil.example|"} {
				if strings.Contains(v, bad) {
					t.Errorf("%s %s contains %q: %s", call.Method, field, bad, v)
				}
			}
		}
	}
}

var actionSeq atomic.Int64

// votePayload is one click; every click has its own action_ts, as in Slack.
func votePayload(user, choice string, caseID int64, msg slack.Message) map[string]any {
	return map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "channel": map[string]any{"id": "C1"},
		"container": map[string]any{"type": "message", "message_ts": msg.Timestamp, "channel_id": "C1"},
		"message":   msg,
		"actions": []map[string]any{{"action_id": "vote_" + choice, "block_id": "votes", "value": strconv.FormatInt(caseID, 10), "type": "button",
			"action_ts": fmt.Sprintf("1800000000.%06d", actionSeq.Add(1))}},
	}
}

func vote(h *harness, user, choice string, caseID int64, msg slack.Message) slackfake.Ack {
	return h.send(slackfake.Interactive, votePayload(user, choice, caseID, msg))
}

// resultMessage rebuilds the result message as Slack would send it back in
// an interaction payload.
func resultMessage(t *testing.T, up slackfake.Call) slack.Message {
	t.Helper()
	var blocks slack.Blocks
	if err := json.Unmarshal([]byte(up.Form.Get("blocks")), &blocks); err != nil {
		t.Fatal(err)
	}
	return slack.Message{Msg: slack.Msg{Timestamp: up.Form.Get("ts"), Text: up.Form.Get("text"), Blocks: blocks}}
}

func tallyText(t *testing.T, c slackfake.Call) string {
	t.Helper()
	for _, b := range blocksOf(t, c) {
		if b["block_id"] == "tally" {
			raw, _ := json.Marshal(b)
			return string(raw)
		}
	}
	t.Fatalf("no tally block in %s", c.Form.Get("blocks"))
	return ""
}

func TestVotes(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("Verify votes", true))))
	ups := h.waitCalls("chat.update", 1)
	h.settle()
	msg := resultMessage(t, ups[0])
	nBlocks := len(msg.Blocks.BlockSet)

	vote(h, "U1", "phishing", 1, msg)
	h.waitCalls("chat.update", 2)
	vote(h, "U2", "legitimate", 1, msg)
	h.waitCalls("chat.update", 3)
	vote(h, "U1", "legitimate", 1, msg) // changed vote
	ups = h.waitCalls("chat.update", 4)
	h.settle()

	tally, err := h.st.Tally(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Phishing != 0 || tally.Legitimate != 2 || tally.Votes["U1"] != store.Legitimate || tally.Decision != store.Legitimate {
		t.Errorf("tally = %+v", tally)
	}
	last := ups[len(ups)-1]
	if last.Form.Get("ts") != msg.Timestamp || last.Form.Get("channel") != "C1" {
		t.Errorf("vote update went to %s/%s", last.Form.Get("channel"), last.Form.Get("ts"))
	}
	if got := len(blocksOf(t, last)); got != nBlocks {
		t.Errorf("update has %d blocks, the result had %d: the tally must be replaced in place", got, nBlocks)
	}
	if a, b := tallyText(t, ups[1]), tallyText(t, last); a == b {
		t.Errorf("tally block did not change between votes: %s", a)
	}
	if n := len(h.fake.Calls("chat.postEphemeral")); n != 3 {
		t.Errorf("ephemeral confirmations = %d, want 3", n)
	}
	if got := h.bot.Metrics.Votes.Load(); got != 3 {
		t.Errorf("votes metric = %d", got)
	}
	for _, c := range h.fake.Calls("chat.update") {
		checkChatCall(t, c)
	}
}

func TestFullReportButton(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("Verify full", true))))
	h.waitCalls("chat.update", 1)
	h.settle()
	c, _ := h.st.Case(context.Background(), 1)
	h.send(slackfake.Interactive, map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "C1"},
		"actions": []map[string]any{{"action_id": render.ActionFullReport, "block_id": render.BlockActions, "value": "1", "type": "button"}},
	})
	done := h.waitCalls("files.completeUploadExternal", 1)
	if done[0].Form.Get("thread_ts") != c.ThreadTS || done[0].Form.Get("channel_id") != "C1" {
		t.Errorf("upload completed in %v", done[0].Form)
	}
	up := h.fake.Calls("files.getUploadURLExternal")[0]
	var files []slack.FileSummary
	_ = json.Unmarshal([]byte(done[0].Form.Get("files")), &files)
	if len(files) != 1 {
		t.Fatalf("files = %v", done[0].Form.Get("files"))
	}
	var rep map[string]any
	if err := json.Unmarshal(h.fake.Uploaded(files[0].ID), &rep); err != nil || rep["subject"] != "Verify full" {
		t.Errorf("uploaded report = %v (%v); getUploadURL %v", rep, err, up.Form)
	}
}

func TestMessageShortcut(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.send(slackfake.Interactive, map[string]any{
		"type": "message_action", "callback_id": CallbackShortcut, "user": map[string]any{"id": "U3"},
		"channel": map[string]any{"id": "C2"}, "response_url": h.fake.ResponseURL("sc"),
		"message": map[string]any{"ts": "7.0", "user": "U4", "text": slackFormat(testMail("shortcut", true))},
	})
	ups := h.waitCalls("chat.update", 1)
	if ups[0].Form.Get("channel") != "C2" {
		t.Errorf("channel = %q", ups[0].Form.Get("channel"))
	}
	if p := h.fake.Calls("chat.postMessage")[0]; p.Form.Get("thread_ts") != "7.0" {
		t.Errorf("thread = %q", p.Form.Get("thread_ts"))
	}
	// A message with nothing to analyze gets an ephemeral hint.
	h.send(slackfake.Interactive, map[string]any{
		"type": "message_action", "callback_id": CallbackShortcut, "user": map[string]any{"id": "U3"},
		"channel": map[string]any{"id": "C2"}, "message": map[string]any{"ts": "7.1", "user": "U4", "text": "lunch?"},
	})
	h.waitCalls("chat.postEphemeral", 1)
}

func TestPanicIsRecoveredAndReported(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	f := emlFile(h, "FP", "p.eml", testMail("PANIC now", true))
	h.send(slackfake.EventsAPI, fileEvent("EvP", "C1", "8.0", "U1", f))
	ups := h.waitCalls("chat.update", 1)
	h.settle()
	if txt := ups[0].Form.Get("text"); !strings.Contains(txt, "crashed") || ups[0].Form.Get("channel") != "C1" {
		t.Errorf("panic reply = %q", txt)
	}
	if h.bot.Metrics.AnalysesPanicked.Load() != 1 {
		t.Error("panic not counted")
	}
	if !strings.Contains(h.logs.String(), "analysis panicked") {
		t.Error("panic not logged")
	}
	// The bot keeps working.
	g := emlFile(h, "FQ", "q.eml", testMail("after panic", true))
	h.send(slackfake.EventsAPI, fileEvent("EvQ", "C1", "8.1", "U1", g))
	h.waitCalls("chat.update", 2)
}

func TestNotMailInput(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", "is this phishing? the link looked weird"))
	ups := h.waitCalls("chat.update", 1)
	if txt := ups[0].Form.Get("text"); !strings.Contains(txt, "doesn't look like mail headers") {
		t.Errorf("reply = %q", txt)
	}
	if h.bot.Metrics.AnalysesFailed.Load() != 1 {
		t.Error("failure not counted")
	}
}

func TestRateLimit(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true, opts: Options{RatePerMinute: 1}})
	first := h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("one", true))))
	second := h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("two", true))))
	other := h.send(slackfake.SlashCommands, slashPayload(h, "U2", slackFormat(testMail("three", true))))
	if !strings.Contains(string(first.Payload), "Analyzing") || !strings.Contains(string(other.Payload), "Analyzing") {
		t.Errorf("acks = %s / %s", first.Payload, other.Payload)
	}
	if !strings.Contains(string(second.Payload), "try again in 1m0s") {
		t.Errorf("rate-limited ack = %s", second.Payload)
	}
	if h.bot.Metrics.RateLimited.Load() != 1 {
		t.Error("rate limit not counted")
	}
}

func TestLocaleJapanese(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.fake.SetLocale("UJ", "ja-JP")
	f := emlFile(h, "FJ", "j.eml", testMail("Verify ja", true))
	h.send(slackfake.EventsAPI, fileEvent("EvJ", "C1", "9.0", "UJ", f))
	h.waitCalls("chat.update", 1)
	if ph := h.fake.Calls("chat.postMessage")[0].Form.Get("text"); !strings.Contains(ph, "解析中") {
		t.Errorf("placeholder = %q, want Japanese", ph)
	}
}

func TestShutdownDrainsJobsInFlight(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.an.delay = 500 * time.Millisecond
	f := emlFile(h, "FS", "s.eml", testMail("SLOW one", true))
	h.send(slackfake.EventsAPI, fileEvent("EvS", "C1", "10.0", "U1", f))
	h.waitCalls("chat.postMessage", 1) // placeholder: the job is running
	start := time.Now()
	h.stop()
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Logf("stop returned after %v", el)
	}
	if n := len(h.fake.Calls("chat.update")); n != 1 {
		t.Errorf("after shutdown: %d updates, want the drained job's reply", n)
	}
}

func TestSecretsNeverLeak(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	// Exercise many paths, including failures that log errors.
	h.send(slackfake.SlashCommands, slashPayload(h, "U1", slackFormat(testMail("Verify secrets", true))))
	f := emlFile(h, "F1", "a.eml", testMail("x", true))
	h.send(slackfake.EventsAPI, fileEvent("Ev1", "C1", "11.0", "U1", f))
	bad := slack.File{ID: "FX", Name: "x.eml", Mimetype: "message/rfc822", Size: 10, URLPrivate: "https://evil.example/steal?" + testBotToken}
	h.send(slackfake.EventsAPI, fileEvent("Ev2", "C1", "11.1", "U1", bad))
	h.waitCalls("chat.update", 3)
	h.settle()
	h.bot.log.Error("forced log line", "token", testBotToken, "err", testAppToken+" "+testSecret)
	logs := h.logs.String()
	for _, s := range []string{testBotToken, testAppToken, testSecret} {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain a secret")
		}
	}
	if !strings.Contains(logs, "[redacted]") {
		t.Error("forced log line was not redacted")
	}
	for _, c := range h.fake.Calls("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url", "files.completeUploadExternal") {
		for k, vs := range c.Form {
			if k == "token" {
				continue // the API credential itself, sent to the API host
			}
			for _, v := range vs {
				if strings.Contains(v, "SECRETBOTTOKEN") || strings.Contains(v, "SECRETAPPTOKEN") || strings.Contains(v, testSecret) {
					t.Errorf("%s %s carries a secret", c.Method, k)
				}
			}
		}
	}
	// The evil download URL never received the token (no request left the fake).
	if h.bot.tokenHostAllowed(bad.URLPrivate) {
		t.Error("evil host allowed")
	}
}
