// Package verdict turns the facts found in a mail into a level, a score and
// the reasons behind them. Every rule and weight is in rules.go.
package verdict

import "github.com/checkmail/checkmail/analysis/report"

// Facts are what the analyzer found, in the form the rules need. The
// analyzer fills them; the rules only read them.
type Facts struct {
	Sender report.Sender
	// FromOrg is the organizational domain of From.
	FromOrg string
	// Auth is what the recipient's provider recorded (Trusted says whether
	// a trusted Authentication-Results was found at all).
	Auth     report.Auth
	CompAuth string // Microsoft composite authentication (pass|fail|softfail|none)
	// Authenticated: From's domain is vouched for by a trusted DMARC pass or
	// an aligned SPF/DKIM pass.
	Authenticated bool
	// Provider is the recipient provider's own spam rating, when present.
	Provider ProviderRating
	// FilterFlag is a spam filter's positive verdict stamped on the mail
	// (X-Spam-Flag: YES); a sender gains nothing by forging one.
	FilterFlag string
	// OriginHost is the origin's reverse-DNS name (or HELO); OriginESP: it
	// belongs to a sending service.
	OriginHost string
	OriginESP  bool
	HasOrigin  bool

	Brands     []BrandFact
	Lookalikes []LookalikeFact
	Lures      []LureFact
	Links      []report.Link
	// MismatchedLinks are links whose visible text names another
	// organization's domain (ESP click trackers and same-brand pairs removed).
	MismatchedLinks []report.Link
	// LinksOwn: every link goes to the sender's organizational domain or to
	// a brand the sender belongs to.
	LinksOwn bool
	// LinksToSender counts links to the sender's organizational domain.
	LinksToSender int
	Attachments   []report.Attachment

	FreemailFrom  bool
	FreemailReply bool
	ListID        string // List-Id of a mailing list the mail came through
	Bounce        bool   // a delivery report from a mail system
	// MixedScript is a word of the subject or display name that mixes Latin
	// with Cyrillic or Greek look-alike letters.
	MixedScript string
	// RandomToken is a machine-made word in the subject.
	RandomToken string
	// HashBuster is a long run of random letters in the body.
	HashBuster string
	// FreemailOrg is the organization word of a display name on a
	// free-mail or hosted-tenant address ("Bank Support <x@gmail.com>").
	FreemailOrg   string
	SuspiciousTLD []string

	// From lookups (nil or empty offline).
	Domains []report.Domain
	Own     *report.OwnAuth
	// RegistrantMatches lists domains registered to the brand the mail
	// names; RegistrantForeign those registered to somebody else.
	RegistrantMatches []Registration
	RegistrantForeign []Registration
}

// Registration ties a domain to its registrant and the brand in question.
type Registration struct {
	Domain     string
	Registrant string
	Brand      string
}

// ProviderRating is the recipient provider's spam verdict (Microsoft SCL/CAT).
type ProviderRating struct {
	Source   string // "Microsoft 365"
	SCL      int    // -1 when absent
	Category string // PHSH, SPM, HSPM, SPOOF, BULK, NONE...
}

// BrandFact is one brand the mail names.
type BrandFact struct {
	ID            string // brands.Brand.ID
	Name          string
	NameJA        string
	Where         string // display_name|subject|body|link_text
	SenderIsBrand bool   // From's organizational domain belongs to the brand (group)
	LinksToBrand  int    // links whose domain belongs to the brand
	LinksOther    int    // links elsewhere (ESP click trackers excluded)
	OriginIsBrand bool   // the origin host belongs to the brand
	OtherDomains  []string
}

// LookalikeFact is a domain imitating a brand.
type LookalikeFact struct {
	Domain string
	Role   string // from|reply_to|return_path|link|dkim
	Brand  string
	Kind   string // embedded|edit|confusable|idn
}

// LureFact is a phrase that asks for credentials, payment or haste.
type LureFact struct {
	Kind   string
	Phrase string
}
