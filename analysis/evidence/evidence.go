// Package evidence is the one value the verdict rules read: everything the
// analysis stages found about one mail, typed, built once and never changed
// afterwards. The stages (package analysis) fill it from explicit inputs;
// the rules (package verdict) only read it; the JSON report is built from it.
package evidence

import (
	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/infra"
	"github.com/checkmail/checkmail/analysis/obfuscation"
	"github.com/checkmail/checkmail/analysis/ownership"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/scams"
)

// Evidence is everything known about one mail.
type Evidence struct {
	// Brands is the brand knowledge the evidence was gathered with.
	Brands  *brands.Table
	Subject string
	Sender  Sender
	Origin  Origin
	Auth    Auth
	// Provider is the recipient provider's own rating, when present.
	Provider Provider
	Links    Links
	// Attachments as inspected.
	Attachments []report.Attachment
	// AttachmentPassword is the password the body gives for an encrypted
	// attachment ("" when none is encrypted or none is given).
	AttachmentPassword string
	Content            Content
	// Scams are callback, crypto, advance-fee, job, gift-card and
	// extortion patterns; Tricks the ways the text hides from filters.
	Scams  []scams.Hit
	Tricks []obfuscation.Hit
	// FreeLinks are links to free form, file, site or hosting services.
	FreeLinks []FreeLink
	// Claims are the brands the mail presents itself as; Mentions the
	// brands it only names.
	Claims   []claims.Claim
	Mentions []claims.Mention
	// Lookalikes are domains of the mail that imitate a brand.
	Lookalikes []Lookalike
	// Ownership says, for every domain tied to a claimed brand, whether it
	// belongs to that brand.
	Ownership []ownership.Finding
	// Domains are the organizational domains with what lookups found
	// (registrant, age); nil offline.
	Domains []report.Domain
	// Own is checkmail's own DNS/DKIM check; nil when it did not run.
	Own *report.OwnAuth
}

// Sender is who the mail says it is from, with what is derived from it.
type Sender struct {
	identity.Identities
	// Org is the organizational domain of From.
	Org string
	// Mismatches between From and the other identities.
	Mismatches []string
	// Freemail: From is a mailbox provider's address; Hosted: a tenant of a
	// hosting platform (x.onmicrosoft.com); FreemailReply: Reply-To is.
	Freemail, Hosted, FreemailReply bool
	// Bounce: a delivery report from a mail system.
	Bounce bool
	// ListID is the List-Id of a mailing list the mail says it came
	// through. The sender can write it: it is context, never credit.
	ListID string
	// Throwaway lists what makes the sender's address look disposable.
	Throwaway []Throwaway
	// FromDefect says why no mail system could have sent from the From
	// address (none for a bounce or an address that is the recipient's).
	FromDefect AddressDefect
	// FromFlaw says how the From header breaks the mailbox syntax when
	// its address is usable (none for a bounce or the recipient's own).
	FromFlaw identity.FromFlaw
}

// AddressDefect is what makes a From address one no real mail system
// sends from.
type AddressDefect uint8

// Defects of a From address.
const (
	AddressUsable AddressDefect = iota
	// AddressMissing: From names someone but holds no address.
	AddressMissing
	// AddressNoDomain: the part after @ is not a domain on the Internet
	// (no or an undelegated top-level domain, stray characters).
	AddressNoDomain
)

// Throwaway is one sign of disposable sender infrastructure.
type Throwaway uint8

// Signs of disposable sender infrastructure.
const (
	// ThrowawayBrandLocalPart: the local part spells another
	// organization's domain or a brand (amazon.co.jp@x.icu).
	ThrowawayBrandLocalPart Throwaway = iota + 1
	// ThrowawayMachineDomain: the sender's domain label is machine-made.
	ThrowawayMachineDomain
	// ThrowawayAbusedTLD: the sender's domain is under a TLD popular with abuse.
	ThrowawayAbusedTLD
	// ThrowawayFreemail: a free-mail or self-service tenant address.
	ThrowawayFreemail
	// ThrowawayMachineLocal: the local part is machine-made.
	ThrowawayMachineLocal
	// ThrowawayFreeHost: the sender's domain is a free hosting, tunnel or
	// free DNS service's.
	ThrowawayFreeHost
)

// FreeLink is a link to a service anyone can publish on for free.
type FreeLink struct {
	Domain  string
	Kind    infra.Kind
	Service string
}

// Origin is the server that handed the mail to the recipient's provider.
type Origin struct {
	Known bool
	Host  string // reverse DNS or HELO
	// ESP: it belongs to a sending service.
	ESP bool
}

// Auth is what the recipient's provider recorded, and what it means.
type Auth struct {
	// Recorded is the trusted Authentication-Results as reported.
	Recorded report.Auth
	// CompAuth is Microsoft's composite authentication (pass|fail|…).
	CompAuth string
	// Authenticated: From's domain is vouched for by a trusted DMARC pass
	// or an aligned SPF/DKIM pass.
	Authenticated bool
}

// Provider is the recipient provider's spam rating.
type Provider struct {
	Source   string // "Microsoft 365"
	SCL      int    // -1 when absent
	Category string // PHSH, SPM, HSPM, SPOOF, BULK, NONE...
	// FilterFlag is a spam filter's positive verdict stamped on the mail
	// (X-Spam-Flag: YES); a sender gains nothing by forging one.
	FilterFlag string
}

// Links are the body's links, and how they relate to the sender.
type Links struct {
	All []report.Link
	// Mismatched are links whose visible text names another
	// organization's domain (click trackers and same-owner pairs removed).
	Mismatched []report.Link
	// ToSender counts links to the sender's organizational domain (or to
	// a brand the sender belongs to); Counted the links considered (click
	// trackers and ESP hosts left out).
	ToSender, Counted int
}

// AllToSender: every counted link goes to the sender's own domain.
func (l Links) AllToSender() bool { return l.Counted > 0 && l.ToSender == l.Counted }

// Content is what the text of the mail does.
type Content struct {
	Lures []Lure
	// RandomToken is a machine-made word in the subject.
	RandomToken string
	// HashBuster is a long run of random letters in the body.
	HashBuster string
	// FreemailOrg is the organization word of a display name on a
	// free-mail or hosted-tenant address.
	FreemailOrg string
	// SuspiciousTLD lists domains under abused TLDs (at most 3).
	SuspiciousTLD []string
}

// LureKind is what a lure phrase asks for.
type LureKind string

// Lure kinds (the lures package's kinds).
const (
	LureCredential LureKind = "credential"
	LureAccount    LureKind = "account"
	LurePayment    LureKind = "payment"
	LureInvoice    LureKind = "invoice"
	LureTax        LureKind = "tax"
	LureUrgency    LureKind = "urgency"
	LureDelivery   LureKind = "delivery"
	LurePrize      LureKind = "prize"
	LureCrypto     LureKind = "crypto"
	LureOffer      LureKind = "offer"
)

// Lure is a phrase that asks for credentials, payment or haste.
type Lure struct {
	Kind   LureKind
	Phrase string
	// InSubject: found in the subject (else in the body).
	InSubject bool
}

// AsksCredentials: a lure asks for sign-in or account details.
func (c Content) AsksCredentials() bool {
	for _, l := range c.Lures {
		if l.Kind == LureCredential || l.Kind == LureAccount {
			return true
		}
	}
	return false
}

// Lookalike is a domain imitating a brand.
type Lookalike struct {
	Domain string
	Role   string // report.Role*
	Brand  string
	Kind   string // embedded|edit|confusable|idn
}
