package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/bot/slacktext"
	"github.com/checkmail/checkmail/store"
)

// defaultCallTimeout bounds one Slack Web API call.
const defaultCallTimeout = 15 * time.Second

// analysisTimeout bounds one analysis including downloads.
const analysisTimeout = 2 * time.Minute

// request is one analysis to run.
type request struct {
	channel     string
	threadTS    string // reply in this thread ("" with needParent)
	user        string
	text        string      // pasted headers (Unformat-ed), or
	file        *slack.File // a file to download
	fromThread  bool        // look for a file or headers in the thread
	reactTS     string      // message to react to (the upload)
	responseURL string      // slash command / shortcut response_url
	needParent  bool        // post a parent message first (slash, modal)
	lang        string
	source      string
}

// msgOpts are the options every message the bot posts carries: no
// unfurling, no link_names/parse (mentions in text are not expanded).
func msgOpts(text string, blocks []slack.Block) []slack.MsgOption {
	o := []slack.MsgOption{
		slack.MsgOptionText(text, false),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if blocks != nil {
		o = append(o, slack.MsgOptionBlocks(blocks...))
	}
	return o
}

func (b *Bot) post(ctx context.Context, channel, thread, text string, blocks ...slack.Block) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	opts := msgOpts(text, blocks)
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	_, ts, err := b.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("chat.postMessage failed", "channel", channel, "err", err)
	}
	return ts, err
}

func (b *Bot) update(ctx context.Context, channel, ts, text string, blocks []slack.Block) error {
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	if blocks == nil {
		blocks = []slack.Block{} // clear the placeholder's blocks
	}
	_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, msgOpts(text, blocks)...)
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("chat.update failed", "channel", channel, "err", err)
	}
	return err
}

// reply replaces the placeholder when there is one, else posts in the thread.
func (b *Bot) reply(ctx context.Context, req request, placeholder, text string, blocks []slack.Block) string {
	if placeholder != "" {
		if b.update(ctx, req.channel, placeholder, text, blocks) == nil {
			return placeholder
		}
	}
	ts, _ := b.post(ctx, req.channel, req.threadTS, text, blocks...)
	return ts
}

func (b *Bot) ephemeralTo(ctx context.Context, channel, user, text string) {
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	if _, err := b.api.PostEphemeralContext(ctx, channel, user, msgOpts(text, nil)...); err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("chat.postEphemeral failed", "channel", channel, "err", err)
	}
}

// respond posts an ephemeral message through a response_url (works when the
// bot is not in the channel). The URL must be on a Slack host.
func (b *Bot) respond(ctx context.Context, responseURL, text string) {
	if responseURL == "" || !b.tokenHostAllowed(responseURL) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	err := slack.PostWebhookContext(ctx, responseURL, &slack.WebhookMessage{Text: text, ResponseType: "ephemeral"})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("response_url post failed", "err", err)
	}
}

func (b *Bot) react(ctx context.Context, channel, ts, name string) {
	if ts == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	if err := b.api.AddReactionContext(ctx, name, slack.NewRefToMessage(channel, ts)); err != nil && !strings.Contains(err.Error(), "already_reacted") {
		b.Metrics.SlackErrors.Add(1)
		b.log.Debug("reactions.add failed", "err", err)
	}
}

// langCached is the user's language when already known, else the default
// (no network call: used before an ack).
func (b *Bot) langCached(user string) string {
	if v, ok := b.locales.get(user); ok {
		return v.(string)
	}
	return b.opts.Lang
}

// langFor is the user's language: ja when their Slack locale is Japanese,
// en for another known locale, else the configured default.
func (b *Bot) langFor(ctx context.Context, user string) string {
	if user == "" {
		return b.opts.Lang
	}
	if v, ok := b.locales.get(user); ok {
		return v.(string)
	}
	lang := b.opts.Lang
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	u, err := b.api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
	if err == nil && u != nil && u.Locale != "" {
		if strings.HasPrefix(strings.ToLower(u.Locale), "ja") {
			lang = "ja"
		} else {
			lang = "en"
		}
	}
	b.locales.put(user, lang)
	return lang
}

func isNotInChannel(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "not_in_channel") || strings.Contains(s, "channel_not_found")
}

// analyze runs one request end to end. It never panics: a panic in the
// analysis is recovered, counted, logged and reported in the thread.
func (b *Bot) analyze(ctx context.Context, req request) {
	ctx, cancel := context.WithTimeout(ctx, analysisTimeout)
	defer cancel()
	if req.lang == "" {
		req.lang = b.langFor(ctx, req.user)
	}
	t := textsFor(req.lang)
	var placeholder string
	defer func() {
		if p := recover(); p != nil {
			b.Metrics.AnalysesPanicked.Add(1)
			b.log.Error("analysis panicked", "source", req.source, "channel", req.channel, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if req.threadTS != "" || placeholder != "" {
				b.reply(ctx, req, placeholder, t.Panicked, nil)
			}
		}
	}()

	if req.needParent {
		ts, err := b.post(ctx, req.channel, "", fmt.Sprintf(t.TriageRequestedBy, "<@"+render.Escape(req.user)+">"))
		if err != nil {
			if isNotInChannel(err) {
				b.respond(ctx, req.responseURL, fmt.Sprintf(t.NotInChannel, "@"+b.botName))
			} else {
				b.respond(ctx, req.responseURL, t.InternalError)
			}
			return
		}
		req.threadTS = ts
	}

	if req.fromThread {
		if !b.findInThread(ctx, &req) {
			b.post(ctx, req.channel, req.threadTS, t.NothingToAnalyze)
			return
		}
	}

	if req.file != nil {
		f, err := b.fileInfo(ctx, *req.file)
		if err == nil {
			req.file = &f
		}
		switch classifyFile(*req.file) {
		case fileForwarded:
			b.post(ctx, req.channel, req.threadTS, t.NoReceivedChain)
			return
		case fileText:
			// A text snippet only counts when it holds headers: check
			// quietly before saying anything.
			raw, err := b.download(ctx, *req.file)
			if err != nil || !slacktext.LooksLikeHeaders(string(raw)) {
				return
			}
			req.file, req.text = nil, string(raw)
		}
	}

	b.react(ctx, req.channel, req.reactTS, "eyes")
	placeholder, _ = b.post(ctx, req.channel, req.threadTS, t.Analyzing)

	var raw []byte
	name := ""
	if req.file != nil {
		name = req.file.Name
		var err error
		raw, err = b.download(ctx, *req.file)
		switch {
		case errors.Is(err, ErrTooLarge):
			b.Metrics.FilesTooLarge.Add(1)
			b.reply(ctx, req, placeholder, fmt.Sprintf(t.TooLarge, humanBytes(b.opts.MaxFileBytes)), nil)
			return
		case err != nil:
			b.Metrics.AnalysesFailed.Add(1)
			b.log.Warn("download failed", "err", err)
			b.reply(ctx, req, placeholder, t.DownloadFailed, nil)
			return
		}
	} else {
		raw = []byte(req.text)
	}

	rep, err := b.an.Analyze(ctx, bytes.NewReader(raw), analysis.Options{File: name, Lang: req.lang, Offline: b.opts.Offline})
	if err != nil {
		b.Metrics.AnalysesFailed.Add(1)
		if errors.Is(err, analysis.ErrInput) {
			b.reply(ctx, req, placeholder, t.NotMail, nil)
			return
		}
		b.log.Error("analysis failed", "source", req.source, "err", err)
		b.reply(ctx, req, placeholder, t.InternalError, nil)
		return
	}
	b.Metrics.AnalysesRun.Add(1)
	b.publish(ctx, req, placeholder, rep)
}

// publish records the case, renders the reply and posts it.
func (b *Bot) publish(ctx context.Context, req request, placeholder string, rep *report.Report) {
	t := textsFor(req.lang)
	keys := store.KeysFrom(rep)
	c := store.Case{Channel: req.channel, ThreadTS: req.threadTS, Subject: rep.Subject, Verdict: rep.Verdict.Level, Score: rep.Verdict.Score, Keys: keys, CreatedAt: b.opts.Now()}
	id, err := b.st.CreateCase(ctx, c)
	if err != nil {
		b.log.Error("store: create case failed", "err", err)
		id = 0 // still show the report, without votes
	}
	var related []store.Related
	if id > 0 {
		if related, err = b.st.Related(ctx, keys, id, b.opts.MaxRelated); err != nil {
			b.log.Warn("store: related cases failed", "err", err)
		}
	}
	o := render.Options{Lang: req.lang, CaseID: id, Related: related, MaxLinks: 10}
	if id > 0 {
		o.Tally = &store.Tally{}
	}
	blocks := render.Blocks(rep, o)
	text := render.Fallback(rep, req.lang)
	ts := b.reply(ctx, req, placeholder, text, blocks)
	if id > 0 {
		// Stored with the case, so "Full report" works after a restart and
		// on every replica.
		if js, err := json.MarshalIndent(rep, "", "  "); err == nil {
			if err := b.st.SaveReport(ctx, id, js); err != nil {
				b.log.Warn("store: saving the report failed", "case", id, "err", err)
			}
		}
		if ts != "" {
			permalink := b.permalink(ctx, req.channel, ts)
			if err := b.st.SetReply(ctx, id, ts, permalink); err != nil {
				b.log.Warn("store: set reply failed", "err", err)
			}
		}
	}
	if len(rep.Hops) == 0 {
		b.post(ctx, req.channel, req.threadTS, t.NoReceivedChain)
	}
	b.react(ctx, req.channel, req.reactTS, render.VerdictReaction(rep.Verdict.Level))
}

func (b *Bot) permalink(ctx context.Context, channel, ts string) string {
	ctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	p, err := b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		return ""
	}
	return p
}

// maxThreadMessages bounds how much of a thread is searched for a mail.
const maxThreadMessages = 200

// findInThread looks for the newest .eml (or mail file) or pasted headers in
// the thread, skipping the bot's own messages.
func (b *Bot) findInThread(ctx context.Context, req *request) bool {
	cctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	msgs, _, _, err := b.api.GetConversationRepliesContext(cctx, &slack.GetConversationRepliesParameters{ChannelID: req.channel, Timestamp: req.threadTS, Limit: maxThreadMessages})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("conversations.replies failed", "err", err)
		return false
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if b.own(m.User, m.BotID) {
			continue
		}
		for _, f := range m.Files {
			if classifyFile(f) != fileIgnore {
				req.file, req.reactTS = &f, m.Timestamp
				return true
			}
		}
		if text := slacktext.Unformat(slacktext.StripMention(m.Text, b.botUserID)); slacktext.LooksLikeHeaders(text) {
			req.text = text
			return true
		}
	}
	return false
}

// vote records one vote and rebuilds the tally of the result message.
func (b *Bot) vote(ctx context.Context, cb slack.InteractionCallback, caseID int64, choice string) {
	lang := b.langFor(ctx, cb.User.ID)
	t := textsFor(lang)
	unlock := b.caseMu.lock(caseID)
	defer unlock()
	if _, err := b.st.Vote(ctx, caseID, cb.User.ID, choice); err != nil {
		b.log.Warn("store: vote failed", "case", caseID, "err", err)
		b.ephemeralTo(ctx, cb.Channel.ID, cb.User.ID, t.VoteFailed)
		return
	}
	b.Metrics.Votes.Add(1)
	tally, err := b.st.Tally(ctx, caseID)
	if err != nil {
		b.log.Warn("store: tally failed", "case", caseID, "err", err)
		return
	}
	msg := cb.Message
	channel := cb.Channel.ID
	ts := msg.Timestamp
	if ts == "" {
		ts = cb.Container.MessageTs
	}
	if ts != "" {
		blocks := replaceTally(msg.Blocks.BlockSet, render.TallyBlock(tally, lang))
		b.update(ctx, channel, ts, msg.Text, blocks)
	}
	b.ephemeralTo(ctx, channel, cb.User.ID, fmt.Sprintf(t.VoteThanks, t.ChoiceLabels[choice]))
}

// replaceTally swaps the block with block_id "tally" for the new one; when
// there is none it is inserted before the first actions block (or appended).
func replaceTally(blocks []slack.Block, tally slack.Block) []slack.Block {
	out := make([]slack.Block, 0, len(blocks)+1)
	done := false
	for _, bl := range blocks {
		if blockID(bl) == render.BlockTally {
			if !done {
				out = append(out, tally)
				done = true
			}
			continue
		}
		if !done && bl.BlockType() == slack.MBTAction {
			out = append(out, tally)
			done = true
		}
		out = append(out, bl)
	}
	if !done {
		out = append(out, tally)
	}
	return out
}

func blockID(bl slack.Block) string {
	switch v := bl.(type) {
	case *slack.SectionBlock:
		return v.BlockID
	case *slack.ContextBlock:
		return v.BlockID
	case *slack.ActionBlock:
		return v.BlockID
	case *slack.HeaderBlock:
		return v.BlockID
	case *slack.DividerBlock:
		return v.BlockID
	}
	return ""
}

// fullReport uploads the whole JSON report of a case as a file in its
// thread (a file is not parsed as mrkdwn, so nothing in it can mention or
// link).
func (b *Bot) fullReport(ctx context.Context, cb slack.InteractionCallback, caseID int64) {
	lang := b.langFor(ctx, cb.User.ID)
	t := textsFor(lang)
	c, err := b.st.Case(ctx, caseID)
	if err != nil {
		b.log.Warn("store: case lookup failed", "case", caseID, "err", err)
		b.ephemeralTo(ctx, cb.Channel.ID, cb.User.ID, t.ReportGone)
		return
	}
	js, err := b.st.Report(ctx, caseID)
	if err != nil {
		b.log.Warn("store: report lookup failed", "case", caseID, "err", err)
		b.ephemeralTo(ctx, c.Channel, cb.User.ID, t.ReportGone)
		return
	}
	uctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	_, err = b.api.UploadFileContext(uctx, slack.UploadFileParameters{
		Filename: fmt.Sprintf("checkmail-case-%d.json", caseID), Title: t.FullReportTitle,
		Content: string(js), FileSize: len(js), Channel: c.Channel, ThreadTimestamp: c.ThreadTS, InitialComment: t.FullReportComment,
	})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("full report upload failed", "case", caseID, "err", err)
		b.ephemeralTo(ctx, c.Channel, cb.User.ID, t.InternalError)
	}
}
