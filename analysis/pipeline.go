package analysis

import (
	"context"
	"github.com/checkmail/checkmail/analysis/provider"
	"github.com/checkmail/checkmail/analysis/scams"
	"strconv"
	"strings"

	"github.com/checkmail/checkmail/analysis/authres"
	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/ownership"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/verdict"
)

// analyze runs the stages on one parsed message and builds the report.
func (a *Analyzer) analyze(ctx context.Context, msg *message.Message, raw []byte, o Options) *report.Report {
	t := a.deps.Brands
	h := msg.Header
	subject := message.DecodeHeader(h.Get("Subject"))

	ids := identityStage(h)
	chain := received.Walk(h, a.deps.Trust)
	auth := authStage(h, ids, append(authres.DefaultTrustedIDs(), a.deps.TrustedAuthserv...))
	rcpts := recipients(h) // read by the sender and the tricks stages
	sender := senderStage(h, ids, rcpts, t)
	bd := bodyStage(msg)
	// The lures, the brands and the scams search the same body text: it is
	// folded once for the three (not at all for a bounce, which none reads),
	// and searched once for the phrases of all three.
	var folded *phrase.Folded
	if !sender.Bounce {
		folded = phrase.FoldTextFor(bd.text, a.body)
		defer folded.Release()
	}
	content := contentStage(a, preview{subject, ids.DisplayName, bd.attachments}, bd.text, folded, sender)
	found := claims.Find(t, claims.Input{
		DisplayName: ids.DisplayName, From: ids.From, Subject: subject,
		Body: bd.text, BodyFolded: folded, HTML: firstHTML(msg), Bounce: sender.Bounce,
	})
	sender.Throwaway = throwawayStage(sender, found.Claims, t)
	origin := originStage(chain.ReportOrigin(), t)
	lk := linksStage(bd.links, sender.Org, t)
	looks, abused := lookalikeStage(ids, bd.links, t)
	content.SuspiciousTLD = abused
	listed := domainsStage(ids, lk, t)

	got := a.lookupStage(ctx, raw, msg, ids, chain, auth.Recorded, listed, o.Offline)
	domains := mergeDomains(listed, got.res.Domains)
	owned := ownership.Resolve(t, ownership.Input{
		Brand: primaryClaim(found.Claims), Domains: domains, LookedUp: got.ran, Team: got.team,
	})

	var scamHits []scams.Hit
	if !sender.Bounce { // a bounce quotes someone else's mail
		scamHits = scams.FindFolded(subject, bd.text, folded)
	}
	tricks := tricksStage(h, rcpts, subject, ids.DisplayName, ids.From, bd.text)
	rating, opinions := providerStage(h, chain)
	ev := &evidence.Evidence{
		Scams:              scamHits,
		Tricks:             tricks,
		FreeLinks:          freeLinksStage(bd.links),
		Brands:             t,
		Subject:            subject,
		Sender:             sender,
		Origin:             origin,
		Auth:               auth,
		Provider:           rating,
		Links:              lk,
		Attachments:        bd.attachments,
		AttachmentPassword: bd.password,
		Content:            content,
		Claims:             found.Claims,
		Mentions:           found.Mentions,
		Lookalikes:         looks,
		Ownership:          owned,
		Domains:            domains,
		Own:                got.res.Own,
	}
	return buildReport(reportInput{
		opts: o, msg: msg, ev: ev, chain: chain,
		looked: got, truncated: bd.truncated, verdict: verdict.Decide(ev), opinions: opinions,
	})
}

func firstHTML(msg *message.Message) string {
	if len(msg.HTML) == 0 {
		return ""
	}
	return msg.HTML[0]
}

// reportInput is everything the report is built from.
type reportInput struct {
	opts      Options
	msg       *message.Message
	ev        *evidence.Evidence
	chain     received.Chain
	looked    looked
	truncated int
	verdict   report.Verdict
	opinions  []provider.Opinion
}

// buildReport builds the JSON report once, from the evidence.
func buildReport(in reportInput) *report.Report {
	ev, h := in.ev, in.msg.Header
	id := ev.Sender.Identities
	rep := &report.Report{
		File:      in.opts.File,
		Subject:   ev.Subject,
		Date:      strings.TrimSpace(h.Get("Date")),
		MessageID: strings.TrimSpace(h.Get("Message-ID")),
		Input:     report.Input{Kind: in.msg.Kind, Unwrapped: in.msg.Unwrapped, Size: in.msg.Size, HasBody: in.msg.HasBody},
		Verdict:   in.verdict,
		Origin:    in.chain.ReportOrigin(),
		Hops:      in.chain.ReportHops(),
		Sender: report.Sender{
			From: id.From, FromDomain: id.FromDomain, DisplayName: id.DisplayName, Sender: id.Sender,
			ReplyTo: id.ReplyTo, ReplyToDomain: id.ReplyToDomain, ReturnPath: id.ReturnPath,
			ReturnPathDomain: id.ReturnPathDomain, MessageIDDomain: id.MessageIDDomain,
			DKIMDomains: append([]string{}, id.DKIMDomains...), Mismatches: ev.Sender.Mismatches,
		},
		Auth:        ev.Auth.Recorded,
		Domains:     in.ev.Domains,
		Links:       ev.Links.All,
		Attachments: ev.Attachments,
		Lookups:     append(in.looked.res.Lookups, in.looked.teamLogs...),
		Notes:       append([]string{}, in.msg.Notes...),
	}
	rep.Auth.Own = in.looked.res.Own
	rep.Provider = provider.Reports(in.opinions)
	if rep.Origin != nil {
		rep.Origin.Geo, rep.Origin.ASN, rep.Origin.Network = in.looked.res.Geo, in.looked.res.ASN, in.looked.res.Network
	}
	authentic := ev.Auth.Authenticated
	for _, c := range ev.Claims {
		rep.Brands = append(rep.Brands, report.BrandMatch{Brand: c.Brand.Name, Where: c.Where.String(), Evidence: c.Text, Claimed: true,
			Authentic: authentic && senderBelongs(ev, c)})
	}
	for _, m := range ev.Mentions {
		rep.Brands = append(rep.Brands, report.BrandMatch{Brand: m.Brand.Name, Where: m.Where.String(), Evidence: m.Text})
	}
	for _, f := range ev.Ownership {
		en, ja := f.Sentence()
		rep.Ownership = append(rep.Ownership, report.Ownership{Domain: f.Domain, Roles: f.Roles, Brand: f.Brand.Name,
			Status: f.Status.String(), Basis: f.Basis.String(), Summary: en, SummaryJA: ja})
	}
	if in.truncated > 0 {
		rep.Notes = append(rep.Notes, "more links than shown: "+strconv.Itoa(in.truncated)+" not listed")
	}
	if len(in.chain.Hops) == 0 {
		rep.Notes = append(rep.Notes, "no Received headers: the route the mail took is unknown (a forward or a paste without them?)")
	}
	return rep
}

func senderBelongs(ev *evidence.Evidence, c claims.Claim) bool {
	f, ok := ownership.Of(ev.Ownership, ev.Sender.Org)
	return ok && f.Brand == c.Brand && f.Status == ownership.Belongs
}
