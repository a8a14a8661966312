package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/bot/slacktext"
)

// Identifiers shared with the app manifest and package render.
const (
	CallbackModal     = "checkmail_modal"
	CallbackShortcut  = "check_this_mail"
	modalBlockID      = "headers"
	modalActionID     = "headers_input"
	maxFilesPerUpload = 5
	modalMaxChars     = 3000
)

// Ack is what the bot answers at once to a slash command or an interaction
// (the Socket Mode ack payload or the HTTP response body); nil means an empty
// acknowledgement.
type Ack any

// ephemeralAck is a slash command response visible only to the user.
type ephemeralAck struct {
	ResponseType string `json:"response_type"`
	Text         string `json:"text"`
}

func ephemeral(text string) Ack { return ephemeralAck{ResponseType: "ephemeral", Text: text} }

// HandleEvent handles one Events API callback (already acknowledged).
func (b *Bot) HandleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	b.Metrics.EventsReceived.Add(1)
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && b.events.Seen(cb.EventID) {
		b.Metrics.DedupHits.Add(1)
		return
	}
	var job func(context.Context)
	var channel, user string
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if b.own(e.User, e.BotID) || b.seenMessage(e.Channel, e.TimeStamp) {
			return
		}
		channel, user = e.Channel, e.User
		job = func(ctx context.Context) { b.onMention(ctx, e) }
	case *slackevents.MessageEvent:
		if !b.wantMessage(e) || b.seenMessage(e.Channel, e.TimeStamp) {
			return
		}
		channel, user = e.Channel, e.User
		job = func(ctx context.Context) { b.onMessage(ctx, e) }
	default:
		return
	}
	if !b.pool.submit(job) {
		b.log.Warn("work queue full; event dropped", "channel", channel)
		b.side.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), defaultCallTimeout)
			defer cancel()
			b.ephemeralTo(ctx, channel, user, textsFor(b.langCached(user)).Busy)
		})
	}
}

// wantMessage reports whether a message event may hold a mail to analyze:
// a user's message (not the bot's, not an edit) with a mail-like file.
func (b *Bot) wantMessage(e *slackevents.MessageEvent) bool {
	m := e.Message
	if m == nil || b.own(e.User, e.BotID) || b.own(m.User, m.BotID) {
		return false
	}
	switch e.SubType {
	case "", "file_share", "thread_broadcast":
	default:
		return false
	}
	for _, f := range m.Files {
		if classifyFile(f) != fileIgnore {
			return true
		}
	}
	return false
}

func (b *Bot) own(user, botID string) bool {
	return botID != "" || (user != "" && user == b.botUserID)
}

// seenMessage dedupes the app_mention/message pair and retries by channel+ts.
func (b *Bot) seenMessage(channel, ts string) bool {
	if b.msgs.Seen(channel + "/" + ts) {
		b.Metrics.DedupHits.Add(1)
		return true
	}
	return false
}

// onMessage runs in a worker: it analyzes the mail files of an upload.
func (b *Bot) onMessage(ctx context.Context, e *slackevents.MessageEvent) {
	var picked []slack.File
	for _, f := range e.Message.Files {
		if classifyFile(f) != fileIgnore {
			picked = append(picked, f)
		}
	}
	thread := e.ThreadTimeStamp
	if thread == "" {
		thread = e.TimeStamp
	}
	for i, f := range picked {
		if i == maxFilesPerUpload {
			break
		}
		if !b.run(ctx, request{channel: e.Channel, threadTS: thread, user: e.User, file: &f, reactTS: e.TimeStamp, source: "upload"}) {
			return
		}
	}
}

// onMention runs in a worker: it analyzes headers or a file in the mention,
// or else the newest mail in the thread.
func (b *Bot) onMention(ctx context.Context, e *slackevents.AppMentionEvent) {
	thread := e.ThreadTimeStamp
	if thread == "" {
		thread = e.TimeStamp
	}
	req := request{channel: e.Channel, threadTS: thread, user: e.User, source: "mention"}
	if text := slacktext.Unformat(slacktext.StripMention(e.Text, b.botUserID)); slacktext.LooksLikeHeaders(text) {
		req.text = text
		b.run(ctx, req)
		return
	}
	for _, f := range e.Files {
		if k := classifyFile(f); k != fileIgnore {
			req.file, req.reactTS = &f, e.TimeStamp
			b.run(ctx, req)
			return
		}
	}
	if e.ThreadTimeStamp == "" {
		b.post(ctx, e.Channel, thread, textsFor(b.langFor(ctx, e.User)).NothingToAnalyze)
		return
	}
	req.fromThread = true
	b.run(ctx, req)
}

// HandleCommand answers /checkmail. It returns at once; work is queued.
func (b *Bot) HandleCommand(ctx context.Context, cmd slack.SlashCommand) Ack {
	b.Metrics.EventsReceived.Add(1)
	lang := b.langCached(cmd.UserID)
	t := textsFor(lang)
	text := strings.TrimSpace(slacktext.Unformat(cmd.Text))
	switch strings.ToLower(text) {
	case "":
		b.openModal(cmd.TriggerID, cmd.ChannelID, cmd.ResponseURL, lang)
		return nil
	case "help":
		return ephemeral(t.Help)
	}
	if !b.limiter.Allow(cmd.UserID) {
		b.Metrics.RateLimited.Add(1)
		return ephemeral(b.rateLimitedText(t))
	}
	req := request{channel: cmd.ChannelID, user: cmd.UserID, text: text, responseURL: cmd.ResponseURL, needParent: true, source: "slash"}
	if !b.submit(req) {
		return ephemeral(t.Busy)
	}
	return ephemeral(t.Analyzing)
}

// modalMeta travels in the modal's private_metadata.
type modalMeta struct {
	Channel     string `json:"c"`
	ResponseURL string `json:"r,omitempty"`
	Lang        string `json:"l,omitempty"`
}

func (b *Bot) openModal(triggerID, channel, responseURL, lang string) {
	t := textsFor(lang)
	meta, _ := json.Marshal(modalMeta{Channel: channel, ResponseURL: responseURL, Lang: lang})
	input := slack.NewPlainTextInputBlockElement(slack.NewTextBlockObject(slack.PlainTextType, t.ModalLabel, false, false), modalActionID)
	input.Multiline = true
	input.Placeholder = slack.NewTextBlockObject(slack.PlainTextType, t.ModalPlaceholder, false, false)
	input.MaxLength = modalMaxChars
	block := slack.NewInputBlock(modalBlockID, slack.NewTextBlockObject(slack.PlainTextType, t.ModalLabel, false, false),
		slack.NewTextBlockObject(slack.PlainTextType, t.ModalHint, false, false), input)
	view := slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackModal,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, t.ModalTitle, false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, t.ModalSubmit, false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, t.ModalCancel, false, false),
		PrivateMetadata: string(meta),
		Blocks:          slack.Blocks{BlockSet: []slack.Block{block}},
	}
	b.side.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), defaultCallTimeout)
		defer cancel()
		if _, err := b.api.OpenViewContext(ctx, triggerID, view); err != nil {
			b.Metrics.SlackErrors.Add(1)
			b.log.Warn("views.open failed", "err", err)
		}
	})
}

// HandleInteraction answers block actions, modal submissions and the
// message shortcut.
func (b *Bot) HandleInteraction(ctx context.Context, cb slack.InteractionCallback) Ack {
	b.Metrics.EventsReceived.Add(1)
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			b.onAction(cb, a)
		}
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID == CallbackModal {
			return b.onModalSubmit(ctx, cb)
		}
	case slack.InteractionTypeMessageAction:
		if cb.CallbackID == CallbackShortcut {
			b.pool.submit(func(ctx context.Context) { b.onShortcut(ctx, cb) })
		}
	}
	return nil
}

func (b *Bot) onModalSubmit(ctx context.Context, cb slack.InteractionCallback) Ack {
	var meta modalMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	lang := meta.Lang
	if lang == "" {
		lang = b.langCached(cb.User.ID)
	}
	t := textsFor(lang)
	var text string
	if cb.View.State != nil {
		text = slacktext.Unformat(cb.View.State.Values[modalBlockID][modalActionID].Value)
	}
	if strings.TrimSpace(text) == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{modalBlockID: t.ModalEmpty})
	}
	if !b.limiter.Allow(cb.User.ID) {
		b.Metrics.RateLimited.Add(1)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{modalBlockID: b.rateLimitedText(t)})
	}
	req := request{channel: meta.Channel, user: cb.User.ID, text: text, responseURL: meta.ResponseURL, needParent: true, source: "modal"}
	if req.channel == "" || !b.submit(req) {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{modalBlockID: t.Busy})
	}
	return nil
}

func (b *Bot) onShortcut(ctx context.Context, cb slack.InteractionCallback) {
	m := cb.Message
	thread := m.ThreadTimestamp
	if thread == "" {
		thread = m.Timestamp
	}
	req := request{channel: cb.Channel.ID, threadTS: thread, user: cb.User.ID, responseURL: cb.ResponseURL, source: "shortcut"}
	if text := slacktext.Unformat(m.Text); slacktext.LooksLikeHeaders(text) {
		req.text = text
	} else {
		for _, f := range m.Files {
			if classifyFile(f) != fileIgnore {
				req.file, req.reactTS = &f, m.Timestamp
				break
			}
		}
	}
	if req.text == "" && req.file == nil {
		b.ephemeralTo(ctx, cb.Channel.ID, cb.User.ID, textsFor(b.langFor(ctx, cb.User.ID)).NothingToAnalyze)
		return
	}
	b.run(ctx, req)
}

func (b *Bot) onAction(cb slack.InteractionCallback, a *slack.BlockAction) {
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil || id <= 0 {
		return
	}
	if choice := render.ChoiceForAction(a.ActionID); choice != "" {
		if !b.pool.submit(func(ctx context.Context) { b.vote(ctx, cb, id, choice) }) {
			b.log.Warn("work queue full; vote dropped", "case", id)
		}
		return
	}
	if a.ActionID == render.ActionFullReport {
		if b.clicks.Seen(strconv.FormatInt(id, 10)) {
			b.Metrics.DedupHits.Add(1)
			return
		}
		b.pool.submit(func(ctx context.Context) { b.fullReport(ctx, cb, id) })
	}
}

// run rate-limits and runs an analysis request in the calling worker,
// telling the user politely when they are over the limit. It reports
// whether the request ran.
func (b *Bot) run(ctx context.Context, req request) bool {
	if !b.limiter.Allow(req.user) {
		b.Metrics.RateLimited.Add(1)
		b.ephemeralTo(ctx, req.channel, req.user, b.rateLimitedText(textsFor(b.langFor(ctx, req.user))))
		return false
	}
	b.analyze(ctx, req)
	return true
}

// rateLimitedText is the polite answer when a user is over the limit.
func (b *Bot) rateLimitedText(t texts) string {
	return fmt.Sprintf(t.RateLimited, (time.Minute / time.Duration(b.opts.RatePerMinute)).String())
}

func (b *Bot) submit(req request) bool {
	return b.pool.submit(func(ctx context.Context) { b.analyze(ctx, req) })
}
