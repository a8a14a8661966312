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

// HandleEvent handles one Events API callback: it commits the jobs the
// event asks for and returns nil, or an error when nothing could be
// committed (the caller must then not acknowledge, so Slack retries).
func (b *Bot) HandleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) error {
	b.Metrics.EventsReceived.Add(1)
	var reqs []request
	var key string
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if b.own(e.User, e.BotID) {
			return nil
		}
		key = "msg:" + e.Channel + "/" + e.TimeStamp
		reqs = b.mentionRequests(e)
	case *slackevents.MessageEvent:
		if !b.wantMessage(e) {
			return nil
		}
		key = "msg:" + e.Channel + "/" + e.TimeStamp
		reqs = b.messageRequests(e)
	default:
		return nil
	}
	if len(reqs) == 0 {
		return nil
	}
	if !b.limiter.Allow(reqs[0].User) {
		b.Metrics.RateLimited.Add(1)
		user, channel := reqs[0].User, reqs[0].Channel
		b.side.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), defaultAttemptTimeout)
			defer cancel()
			b.ephemeralTo(ctx, channel, user, b.rateLimitedText(textsFor(b.langFor(ctx, user))))
		})
		return nil
	}
	now := time.Now()
	for i, req := range reqs {
		k := key
		if i > 0 {
			k = fmt.Sprintf("%s#%d", key, i)
		}
		if _, err := b.insert(ctx, analyzeArgs{Key: k, Req: req, At: now}); err != nil {
			return err
		}
	}
	return nil
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

// messageRequests are the analyses of an upload's mail files (at most
// maxFilesPerUpload).
func (b *Bot) messageRequests(e *slackevents.MessageEvent) []request {
	thread := e.ThreadTimeStamp
	if thread == "" {
		thread = e.TimeStamp
	}
	var out []request
	for _, f := range e.Message.Files {
		if classifyFile(f) == fileIgnore {
			continue
		}
		if len(out) == maxFilesPerUpload {
			break
		}
		out = append(out, request{Channel: e.Channel, ThreadTS: thread, User: e.User, File: &f, ReactTS: e.TimeStamp, Source: "upload"})
	}
	return out
}

// mentionRequests is the analysis a mention asks for: headers or a file in
// the mention, or else the newest mail in the thread.
func (b *Bot) mentionRequests(e *slackevents.AppMentionEvent) []request {
	thread := e.ThreadTimeStamp
	if thread == "" {
		thread = e.TimeStamp
	}
	req := request{Channel: e.Channel, ThreadTS: thread, User: e.User, Source: "mention"}
	if text := slacktext.Unformat(slacktext.StripMention(e.Text, b.botUserID)); slacktext.LooksLikeHeaders(text) {
		req.Text = text
		return []request{req}
	}
	for _, f := range e.Files {
		if k := classifyFile(f); k != fileIgnore {
			req.File, req.ReactTS = &f, e.TimeStamp
			return []request{req}
		}
	}
	if e.ThreadTimeStamp == "" {
		req.Nothing = true
	} else {
		req.FromThread = true
	}
	return []request{req}
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
	req := request{Channel: cmd.ChannelID, User: cmd.UserID, Text: text, ResponseURL: cmd.ResponseURL, NeedParent: true, Source: "slash"}
	key := "cmd:" + cmd.TriggerID
	if cmd.TriggerID == "" {
		key = "cmd:" + cmd.ChannelID + "/" + cmd.UserID + "/" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	if _, err := b.insert(ctx, analyzeArgs{Key: key, Req: req, At: time.Now()}); err != nil {
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
		ctx, cancel := context.WithTimeout(context.Background(), defaultAttemptTimeout)
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
			if err := b.onAction(ctx, cb, a); err != nil {
				return errAck{err}
			}
		}
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID == CallbackModal {
			return b.onModalSubmit(ctx, cb)
		}
	case slack.InteractionTypeMessageAction:
		if cb.CallbackID == CallbackShortcut {
			if err := b.onShortcut(ctx, cb); err != nil {
				return errAck{err}
			}
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
	req := request{Channel: meta.Channel, User: cb.User.ID, Text: text, ResponseURL: meta.ResponseURL, NeedParent: true, Lang: lang, Source: "modal"}
	if req.Channel == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{modalBlockID: t.Busy})
	}
	key := "view:" + cb.View.ID + "/" + cb.View.Hash
	if _, err := b.insert(ctx, analyzeArgs{Key: key, Req: req, At: time.Now()}); err != nil {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{modalBlockID: t.Busy})
	}
	return nil
}

// errAck is the acknowledgement of a request whose job could not be
// committed: HTTP mode answers 500 so Slack shows an error (interactions
// are not retried by Slack).
type errAck struct{ err error }

func (b *Bot) onShortcut(ctx context.Context, cb slack.InteractionCallback) error {
	m := cb.Message
	thread := m.ThreadTimestamp
	if thread == "" {
		thread = m.Timestamp
	}
	req := request{Channel: cb.Channel.ID, ThreadTS: thread, User: cb.User.ID, ResponseURL: cb.ResponseURL, Source: "shortcut"}
	if text := slacktext.Unformat(m.Text); slacktext.LooksLikeHeaders(text) {
		req.Text = text
	} else {
		for _, f := range m.Files {
			if classifyFile(f) != fileIgnore {
				req.File, req.ReactTS = &f, m.Timestamp
				break
			}
		}
	}
	if req.Text == "" && req.File == nil {
		b.side.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), defaultAttemptTimeout)
			defer cancel()
			b.ephemeralTo(ctx, cb.Channel.ID, cb.User.ID, textsFor(b.langFor(ctx, cb.User.ID)).NothingToAnalyze)
		})
		return nil
	}
	if !b.limiter.Allow(req.User) {
		b.Metrics.RateLimited.Add(1)
		b.side.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), defaultAttemptTimeout)
			defer cancel()
			b.ephemeralTo(ctx, req.Channel, req.User, b.rateLimitedText(textsFor(b.langFor(ctx, req.User))))
		})
		return nil
	}
	_, err := b.insert(ctx, analyzeArgs{Key: "shortcut:" + cb.TriggerID, Req: req, At: time.Now()})
	return err
}

func (b *Bot) onAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction) error {
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	key := a.ActionTs + "/" + cb.User.ID
	if a.ActionTs == "" {
		key = cb.TriggerID + "/" + cb.User.ID
	}
	if choice := render.ChoiceForAction(a.ActionID); choice != "" {
		ts := cb.Message.Timestamp
		if ts == "" {
			ts = cb.Container.MessageTs
		}
		blocks, err := json.Marshal(cb.Message.Blocks)
		if err != nil {
			return nil
		}
		_, err = b.insert(ctx, voteArgs{Key: "vote:" + key, CaseID: id, User: cb.User.ID, Choice: choice,
			Channel: cb.Channel.ID, TS: ts, Text: cb.Message.Text, Blocks: blocks, ActionTS: a.ActionTs, At: time.Now()})
		return err
	}
	if a.ActionID == render.ActionFullReport {
		_, err := b.insert(ctx, reportArgs{Key: "report:" + key, CaseID: id, User: cb.User.ID, Channel: cb.Channel.ID})
		return err
	}
	return nil
}

// rateLimitedText is the polite answer when a user is over the limit.
func (b *Bot) rateLimitedText(t texts) string {
	return fmt.Sprintf(t.RateLimited, (time.Minute / time.Duration(b.opts.RatePerMinute)).String())
}
