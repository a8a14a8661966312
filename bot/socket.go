package bot

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects through Socket Mode and handles envelopes until ctx
// ends. Every envelope is acknowledged before any work starts; work runs in
// the bot's pool. It returns after the connection loop stops (call Close
// afterwards to drain jobs).
func (b *Bot) RunSocketMode(ctx context.Context, sm *socketmode.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()
	defer b.intake.Wait()
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		case evt := <-sm.Events:
			// Each envelope in its own goroutine: one slow insert does not
			// delay the acks of the others.
			b.intake.Go(func() { b.onSocketEvent(ctx, sm, evt) })
		}
	}
}

func (b *Bot) onSocketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		b.log.Info("socket mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError:
		b.log.Warn("socket mode connection problem", "type", string(evt.Type))
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("socket mode: invalid app token")
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		start := time.Now()
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if err := b.HandleEvent(ctx, ev); err != nil {
				return // no ack: Slack delivers it again
			}
		}
		b.ack(sm, evt.Request, nil)
		b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return
		}
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			b.ack(sm, evt.Request, nil)
			return
		}
		start := time.Now()
		b.ack(sm, evt.Request, b.HandleCommand(ctx, cmd))
		b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			b.ack(sm, evt.Request, nil)
			return
		}
		start := time.Now()
		a := b.HandleInteraction(ctx, cb)
		if _, failed := a.(errAck); failed {
			return // no ack: Slack shows the user an error
		}
		b.ack(sm, evt.Request, a)
		b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
	}
}

func (b *Bot) ack(sm *socketmode.Client, req *socketmode.Request, payload Ack) {
	var err error
	if payload == nil {
		err = sm.Ack(*req)
	} else {
		err = sm.Ack(*req, payload)
	}
	if err != nil {
		b.log.Warn("socket mode ack failed", "err", err)
	}
}
