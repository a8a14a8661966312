package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/bot/slacktext"
	"github.com/checkmail/checkmail/store"
)

// request is one analysis to run; it travels in the job's arguments.
type request struct {
	Channel     string      `json:"channel"`
	ThreadTS    string      `json:"thread_ts,omitempty"` // reply in this thread ("" with NeedParent)
	User        string      `json:"user"`
	Text        string      `json:"text,omitempty"`        // pasted headers (Unformat-ed), or
	File        *slack.File `json:"file,omitempty"`        // a file to download
	FromThread  bool        `json:"from_thread,omitempty"` // look for a file or headers in the thread
	Nothing     bool        `json:"nothing,omitempty"`     // only say there is nothing to analyze
	ReactTS     string      `json:"react_ts,omitempty"`    // message to react to (the upload)
	ResponseURL string      `json:"response_url,omitempty"`
	NeedParent  bool        `json:"need_parent,omitempty"` // post a parent message first (slash, modal)
	Lang        string      `json:"lang,omitempty"`
	Source      string      `json:"source"`
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
	opts := msgOpts(text, blocks)
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ts string
	err := b.call(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = b.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("chat.postMessage failed", "channel", channel, "err", err)
	}
	return ts, err
}

func (b *Bot) update(ctx context.Context, channel, ts, text string, blocks []slack.Block) error {
	if blocks == nil {
		blocks = []slack.Block{} // clear the placeholder's blocks
	}
	err := b.call(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, msgOpts(text, blocks)...)
		return err
	})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("chat.update failed", "channel", channel, "err", err)
	}
	return err
}

// reply replaces the placeholder when there is one, else posts in the
// thread. A placeholder that cannot be updated for a reason other than the
// deadline (deleted, say) gets a new message instead.
func (b *Bot) reply(ctx context.Context, req request, placeholder, text string, blocks []slack.Block) (string, error) {
	if placeholder != "" {
		err := b.update(ctx, req.Channel, placeholder, text, blocks)
		if err == nil {
			return placeholder, nil
		}
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) {
			return "", err // Slack unreachable or failing: a new message would fail too
		}
	}
	return b.post(ctx, req.Channel, req.ThreadTS, text, blocks...)
}

func (b *Bot) ephemeralTo(ctx context.Context, channel, user, text string) {
	err := b.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := b.api.PostEphemeralContext(ctx, channel, user, msgOpts(text, nil)...)
		return err
	})
	if err != nil {
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
	err := b.call(ctx, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookContext(ctx, responseURL, &slack.WebhookMessage{Text: text, ResponseType: "ephemeral"})
	})
	if err != nil {
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("response_url post failed", "err", err)
	}
}

func (b *Bot) react(ctx context.Context, channel, ts, name string) {
	if ts == "" {
		return
	}
	err := b.call(ctx, "reactions.add", func(ctx context.Context) error {
		return b.api.AddReactionContext(ctx, name, slack.NewRefToMessage(channel, ts))
	})
	if err != nil && !strings.Contains(err.Error(), "already_reacted") {
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
	var u *slack.User
	err := b.call(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = b.api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
		return err
	})
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

// jobResult turns what a job returned into River's outcome: a job
// interrupted by shutdown goes back to the queue at once (JobSnooze(0):
// the next replica or start takes it, no attempt used).
func (b *Bot) jobResult(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if b.stopping.Load() && ctx.Err() != nil {
		b.Metrics.JobsReturned.Add(1)
		return river.JobSnooze(0)
	}
	return err
}

// workAnalyze is the analysis worker.
func (b *Bot) workAnalyze(ctx context.Context, job *river.Job[analyzeArgs]) error {
	b.Metrics.JobsInFlight.Add(1)
	defer b.Metrics.JobsInFlight.Add(-1)
	jctx, cancel := context.WithTimeout(ctx, b.opts.JobDeadline)
	defer cancel()
	return b.jobResult(ctx, b.analyze(jctx, job.Args.Key, job.Args.Req, job.Args.At, job.Attempt > 1))
}

// analyze runs one request end to end, resuming from the progress the
// job recorded earlier (a thread it opened, its placeholder, its case). It
// returns an error only when the job should be retried (or returned to
// the queue at shutdown); an analysis that fails says so in its thread.
func (b *Bot) analyze(ctx context.Context, key string, req request, at time.Time, resumed bool) (err error) {
	prog, err := b.st.Progress(ctx, key)
	if err != nil {
		return err
	}
	if prog.Replied {
		return nil // finished before a crash, only River did not hear of it
	}
	save := func() error { return b.st.SaveProgress(ctx, key, prog) }
	if req.Lang == "" {
		req.Lang = b.langFor(ctx, req.User)
	}
	t := textsFor(req.Lang)
	// done finishes the thread with a message (replacing the placeholder).
	done := func(text string, blocks []slack.Block) error {
		if _, err := b.reply(ctx, req, prog.PlaceholderTS, text, blocks); err != nil {
			return b.giveUp(ctx, req, prog.PlaceholderTS, err)
		}
		prog.Replied = true
		return save()
	}
	defer func() {
		if p := recover(); p != nil {
			b.Metrics.AnalysesPanicked.Add(1)
			b.log.Error("analysis panicked", "source", req.Source, "channel", req.Channel, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if req.ThreadTS != "" || prog.PlaceholderTS != "" {
				err = done(t.Panicked, nil)
			}
		}
	}()

	if req.NeedParent {
		if prog.ThreadTS == "" {
			ts, err := b.post(ctx, req.Channel, "", fmt.Sprintf(t.TriageRequestedBy, "<@"+render.Escape(req.User)+">"))
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if isNotInChannel(err) {
					b.respond(ctx, req.ResponseURL, fmt.Sprintf(t.NotInChannel, "@"+b.botName))
				} else {
					b.respond(ctx, req.ResponseURL, t.InternalError)
				}
				return nil
			}
			prog.ThreadTS = ts
			if err := save(); err != nil {
				return err
			}
		}
		req.ThreadTS = prog.ThreadTS
	}
	if req.Nothing {
		return done(t.NothingToAnalyze, nil)
	}
	if req.FromThread && !b.findInThread(ctx, &req) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return done(t.NothingToAnalyze, nil)
	}
	if req.File != nil {
		f, err := b.fileInfo(ctx, *req.File)
		if err == nil {
			req.File = &f
		}
		switch classifyFile(*req.File) {
		case fileForwarded:
			return done(t.NoReceivedChain, nil)
		case fileText:
			// A text snippet only counts when it holds headers: check
			// quietly before saying anything.
			raw, err := b.download(ctx, *req.File)
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil || !slacktext.LooksLikeHeaders(string(raw)) {
				return nil
			}
			req.File, req.Text = nil, string(raw)
		}
	}

	if prog.PlaceholderTS == "" && resumed {
		// A run killed between posting its placeholder and recording it
		// left the placeholder in the thread: finish that one.
		prog.PlaceholderTS = b.ownPlaceholder(ctx, req)
	}
	if prog.PlaceholderTS == "" {
		var wg sync.WaitGroup
		wg.Go(func() { b.react(ctx, req.Channel, req.ReactTS, "eyes") })
		ts, err := b.post(ctx, req.Channel, req.ThreadTS, t.Analyzing)
		if ts != "" {
			prog.PlaceholderTS = ts
			if err := save(); err != nil { // at once: the smallest window for a crash
				wg.Wait()
				return err
			}
		}
		wg.Wait()
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
	}

	var raw []byte
	name := ""
	if req.File != nil {
		name = req.File.Name
		var err error
		raw, err = b.download(ctx, *req.File)
		switch {
		case errors.Is(err, ErrTooLarge):
			b.Metrics.FilesTooLarge.Add(1)
			return done(fmt.Sprintf(t.TooLarge, humanBytes(b.opts.MaxFileBytes)), nil)
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			b.Metrics.AnalysesFailed.Add(1)
			b.log.Warn("download failed", "err", err)
			return done(t.DownloadFailed, nil)
		}
	} else {
		raw = []byte(req.Text)
	}

	start := time.Now()
	rep, err := b.an.Analyze(ctx, bytes.NewReader(raw), analysis.Options{File: name, Lang: req.Lang, Offline: b.opts.Offline})
	b.Metrics.AnalysisSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		b.Metrics.AnalysesFailed.Add(1)
		if errors.Is(err, analysis.ErrInput) {
			return done(t.NotMail, nil)
		}
		b.log.Error("analysis failed", "source", req.Source, "err", err)
		return done(t.InternalError, nil)
	}
	for _, l := range rep.Lookups {
		if l.Status != "skipped" {
			b.Metrics.Lookup(l.Kind, l.MS)
		}
	}
	b.Metrics.AnalysesRun.Add(1)
	return b.publish(ctx, key, req, &prog, save, rep, at)
}

// publish records the case, renders the reply and posts it; the verdict
// reaction only follows a reply that reached Slack.
func (b *Bot) publish(ctx context.Context, key string, req request, prog *store.Progress, save func() error, rep *report.Report, at time.Time) error {
	t := textsFor(req.Lang)
	keys := store.KeysFrom(rep)
	if prog.CaseID == 0 {
		c := store.Case{Channel: req.Channel, ThreadTS: req.ThreadTS, Subject: rep.Subject, Verdict: rep.Verdict.Level, Score: rep.Verdict.Score, Keys: keys, CreatedAt: b.opts.Now()}
		id, err := b.st.CreateCaseForJob(ctx, key, c, *prog)
		if err != nil {
			return fmt.Errorf("store: create case: %w", err)
		}
		prog.CaseID = id
	}
	id := prog.CaseID
	related, err := b.st.Related(ctx, keys, id, b.opts.MaxRelated)
	if err != nil {
		b.log.Warn("store: related cases failed", "err", err)
	}
	// Stored with the case, so "Full report" works after a restart and
	// on every replica.
	if js, err := json.MarshalIndent(rep, "", "  "); err == nil {
		if err := b.st.SaveReport(ctx, id, js); err != nil {
			b.log.Warn("store: saving the report failed", "case", id, "err", err)
		}
	}
	tally, err := b.st.Tally(ctx, id)
	if err != nil {
		tally = store.Tally{}
	}
	blocks := render.Blocks(rep, render.Options{Lang: req.Lang, CaseID: id, Related: related, MaxLinks: 10, Tally: &tally})
	text := render.Fallback(rep, req.Lang)
	ts, err := b.reply(ctx, req, prog.PlaceholderTS, text, blocks)
	if err != nil {
		return b.giveUp(ctx, req, prog.PlaceholderTS, err)
	}
	prog.Replied = true
	if err := save(); err != nil {
		b.log.Warn("store: saving progress failed", "err", err)
	}
	b.Metrics.ReplySeconds.Observe(time.Since(at).Seconds())
	// The rest does not depend on each other: in parallel.
	var wg sync.WaitGroup
	wg.Go(func() {
		permalink := b.permalink(ctx, req.Channel, ts)
		if err := b.st.SetReply(ctx, id, ts, permalink); err != nil {
			b.log.Warn("store: set reply failed", "err", err)
		}
	})
	if len(rep.Hops) == 0 {
		wg.Go(func() { _, _ = b.post(ctx, req.Channel, req.ThreadTS, t.NoReceivedChain) })
	}
	wg.Go(func() { b.react(ctx, req.Channel, req.ReactTS, render.VerdictReaction(rep.Verdict.Level)) })
	wg.Wait()
	return nil
}

// giveUp handles a reply that could not be delivered: at shutdown the job
// goes back to the queue; otherwise the thread is told (best effort, on a
// short deadline of its own) and the job ends without a verdict reaction.
func (b *Bot) giveUp(ctx context.Context, req request, placeholder string, cause error) error {
	if b.stopping.Load() && ctx.Err() != nil {
		return ctx.Err()
	}
	b.Metrics.JobsFailed.Add(1)
	b.log.Error("giving up on a reply", "source", req.Source, "channel", req.Channel, "err", cause)
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*b.opts.AttemptTimeout)
	defer cancel()
	text := textsFor(req.Lang).JobFailed
	if req.ThreadTS != "" {
		if _, err := b.post(fctx, req.Channel, req.ThreadTS, text); err == nil {
			return nil
		}
	}
	if placeholder != "" {
		_ = b.update(fctx, req.Channel, placeholder, text, nil)
	}
	return nil
}

func (b *Bot) permalink(ctx context.Context, channel, ts string) string {
	var p string
	err := b.call(ctx, "chat.getPermalink", func(ctx context.Context) error {
		var err error
		p, err = b.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
		return err
	})
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
// ownPlaceholder returns the ts of the bot's own "Analyzing…" message in
// the request's thread, or "" (none, or the thread cannot be read).
func (b *Bot) ownPlaceholder(ctx context.Context, req request) string {
	if req.ThreadTS == "" {
		return ""
	}
	var msgs []slack.Message
	err := b.call(ctx, "conversations.replies", func(ctx context.Context) error {
		var err error
		msgs, _, _, err = b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: req.Channel, Timestamp: req.ThreadTS, Limit: maxThreadMessages})
		return err
	})
	if err != nil {
		b.log.Warn("conversations.replies failed", "err", err)
		return ""
	}
	for _, m := range msgs {
		if b.own(m.User, m.BotID) && (m.Text == textsFor("en").Analyzing || m.Text == textsFor("ja").Analyzing) {
			return m.Timestamp
		}
	}
	return ""
}

func (b *Bot) findInThread(ctx context.Context, req *request) bool {
	var msgs []slack.Message
	err := b.call(ctx, "conversations.replies", func(ctx context.Context) error {
		var err error
		msgs, _, _, err = b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: req.Channel, Timestamp: req.ThreadTS, Limit: maxThreadMessages})
		return err
	})
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
				req.File, req.ReactTS = &f, m.Timestamp
				return true
			}
		}
		if text := slacktext.Unformat(slacktext.StripMention(m.Text, b.botUserID)); slacktext.LooksLikeHeaders(text) {
			req.Text = text
			return true
		}
	}
	return false
}

// tallyLeaseTTL bounds how long a dead replica's lease blocks the tally.
const tallyLeaseTTL = 30 * time.Second

// workVote is the vote worker: a small transaction (upsert the vote, bump
// the case's tally version), the voter's confirmation, and the tally in
// the result message. Only the holder of the case's lease updates the
// message; it renders the tally read from the store at update time and
// gives the lease up only when the version shown is the latest, so the
// last update always carries the last tally, whichever replica sent it.
func (b *Bot) workVote(ctx context.Context, job *river.Job[voteArgs]) error {
	b.Metrics.JobsInFlight.Add(1)
	defer b.Metrics.JobsInFlight.Add(-1)
	a := job.Args
	jctx, cancel := context.WithTimeout(ctx, b.opts.JobDeadline)
	defer cancel()
	lang := b.langFor(jctx, a.User)
	t := textsFor(lang)
	if _, err := b.st.VoteAt(jctx, a.CaseID, a.User, a.Choice, clickTime(a)); err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidVote) {
			b.log.Warn("store: vote refused", "case", a.CaseID, "err", err)
			b.ephemeralTo(jctx, a.Channel, a.User, t.VoteFailed)
			return nil
		}
		return b.jobResult(ctx, err)
	}
	b.Metrics.Votes.Add(1)
	var wg sync.WaitGroup
	wg.Go(func() { b.ephemeralTo(jctx, a.Channel, a.User, fmt.Sprintf(t.VoteThanks, t.ChoiceLabels[a.Choice])) })
	err := b.showTally(jctx, job.ID, a, lang)
	wg.Wait()
	return b.jobResult(ctx, err)
}

// clickTime is when the user clicked: Slack's action_ts when present
// (the same clock for every replica), else when a replica received it.
func clickTime(a voteArgs) time.Time {
	if sec, frac, ok := strings.Cut(a.ActionTS, "."); ok {
		s, err1 := strconv.ParseInt(sec, 10, 64)
		f, err2 := strconv.ParseInt((frac + "000000")[:6], 10, 64)
		if err1 == nil && err2 == nil && s > 0 {
			return time.Unix(s, f*1000)
		}
	}
	return a.At
}

func (b *Bot) showTally(ctx context.Context, jobID int64, a voteArgs, lang string) error {
	if a.TS == "" {
		return nil
	}
	owner := fmt.Sprintf("job-%d", jobID) // stable across attempts: a retry takes its own lease back
	held, shown, err := b.st.AcquireTallyLease(ctx, a.CaseID, owner, tallyLeaseTTL)
	if err != nil || !held {
		return err // another job holds it and will show this vote before letting go
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(a.Blocks, &blocks); err != nil {
		_, _ = b.st.ReleaseTallyLease(context.WithoutCancel(ctx), a.CaseID, owner, true)
		return nil // not our message format: nothing to update
	}
	for range 1000 {
		tally, err := b.st.Tally(ctx, a.CaseID)
		if err != nil {
			break
		}
		if tally.Version > shown {
			if err := b.update(ctx, a.Channel, a.TS, a.Text, replaceTally(blocks.BlockSet, render.TallyBlock(tally, lang))); err != nil {
				break
			}
			if err := b.st.SetShown(ctx, a.CaseID, owner, tally.Version); err != nil {
				break
			}
			shown = tally.Version
		}
		released, err := b.st.ReleaseTallyLease(ctx, a.CaseID, owner, false)
		if err != nil {
			break
		}
		if released {
			return nil
		}
	}
	// Slack or the store failed for good: let go so the next vote (or this
	// job's retry) can show the tally.
	_, _ = b.st.ReleaseTallyLease(context.WithoutCancel(ctx), a.CaseID, owner, true)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.New("bot: tally not shown")
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

// workReport uploads the whole JSON report of a case as a file in its
// thread (a file is not parsed as mrkdwn, so nothing in it can mention or
// link).
func (b *Bot) workReport(ctx context.Context, job *river.Job[reportArgs]) error {
	a := job.Args
	jctx, cancel := context.WithTimeout(ctx, b.opts.JobDeadline)
	defer cancel()
	lang := b.langFor(jctx, a.User)
	t := textsFor(lang)
	c, err := b.st.Case(jctx, a.CaseID)
	if err != nil {
		b.log.Warn("store: case lookup failed", "case", a.CaseID, "err", err)
		b.ephemeralTo(jctx, a.Channel, a.User, t.ReportGone)
		return nil
	}
	js, err := b.st.Report(jctx, a.CaseID)
	if err != nil {
		b.log.Warn("store: report lookup failed", "case", a.CaseID, "err", err)
		b.ephemeralTo(jctx, c.Channel, a.User, t.ReportGone)
		return nil
	}
	err = b.call(jctx, "files.uploadV2", func(ctx context.Context) error {
		_, err := b.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Filename: fmt.Sprintf("checkmail-case-%d.json", a.CaseID), Title: t.FullReportTitle,
			Content: string(js), FileSize: len(js), Channel: c.Channel, ThreadTimestamp: c.ThreadTS, InitialComment: t.FullReportComment,
		})
		return err
	})
	if err != nil {
		if b.stopping.Load() && ctx.Err() != nil {
			return b.jobResult(ctx, err)
		}
		b.Metrics.SlackErrors.Add(1)
		b.log.Warn("full report upload failed", "case", a.CaseID, "err", err)
		b.ephemeralTo(jctx, c.Channel, a.User, t.InternalError)
	}
	return nil
}
