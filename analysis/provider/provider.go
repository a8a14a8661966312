// Package provider decodes the spam ratings that mail filters stamp on a
// mail into typed opinions, each with a short sentence in English and
// Japanese, and says whether the recipient's own infrastructure wrote them
// (Trust). It reads Microsoft 365 / Exchange Online Protection
// (X-Forefront-Antispam-Report, X-Microsoft-Antispam,
// X-Microsoft-Antispam-Mailbox-Delivery, X-MS-Exchange-Organization-SCL,
// -PCL, -BCL and -AuthAs, compauth= in the topmost Authentication-Results),
// SpamAssassin (X-Spam-Status, X-Spam-Flag, X-Spam-Level, X-Spam-Score,
// X-Spam-Report, X-Spam) and rspamd (X-Spamd-Result, X-Rspamd-*,
// X-Spamd-Bar).
//
// Decoding is lenient (a broken field yields what could be read), bounded
// (values are read up to MaxValueLen bytes, at most MaxFields fields per
// vendor and MaxTests tests) and never panics.
package provider

import (
	"strings"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"

	"github.com/checkmail/checkmail/internal/ascii"
)

// Bounds on hostile input.
const (
	// MaxValueLen is the number of bytes of one field value that is read.
	MaxValueLen = 16 << 10
	// MaxFields bounds the fields read for one vendor.
	MaxFields = 32
	// MaxTests bounds the tests (SpamAssassin rules, rspamd symbols) kept.
	MaxTests = 64
)

// Vendor is the filter that wrote an opinion.
type Vendor string

// Vendors.
const (
	Microsoft    Vendor = "microsoft"    // Exchange Online Protection / Microsoft 365
	SpamAssassin Vendor = "spamassassin" // Apache SpamAssassin (and filters that write its X-Spam-* fields)
	Rspamd       Vendor = "rspamd"
)

// Name is the vendor as people know it.
func (v Vendor) Name() string {
	switch v {
	case Microsoft:
		return "Microsoft"
	case SpamAssassin:
		return "SpamAssassin"
	case Rspamd:
		return "rspamd"
	}
	return string(v)
}

// Category is what a filter said the mail is.
type Category string

// Categories.
const (
	CategoryUnknown       Category = ""
	CategoryClean         Category = "clean" // CAT:NONE, SpamAssassin "No"
	CategorySpam          Category = "spam"
	CategoryBulk          Category = "bulk"
	CategoryPhishing      Category = "phishing"
	CategorySpoof         Category = "spoof"         // failed the sender authentication (composite authentication) check
	CategoryImpersonation Category = "impersonation" // of a domain or a user the recipient knows
	CategoryMalware       Category = "malware"
)

// Filtering is the filter's own verdict or what it did with the mail.
type Filtering string

// Filtering verdicts.
const (
	FilteringUnknown Filtering = ""
	FilteringSpam    Filtering = "spam"     // SFV:SPM, X-Spam-Status: Yes, an rspamd action that marks spam
	FilteringNotSpam Filtering = "not_spam" // SFV:NSPM, X-Spam-Status: No, rspamd "no action"
	FilteringSkipped Filtering = "skipped"  // SFV:SK*: filtering was skipped (a rule, an allow or block list, intra-org)
	FilteringBlocked Filtering = "blocked"  // SFV:BLK: the recipient's blocked-sender list
)

// Flag is one notable fact a filter recorded.
type Flag string

// Flags.
const (
	FlagSpoofFailed     Flag = "spoof_failed"      // CAT:SPOOF: the sender failed Microsoft's spoof check
	FlagImpersonation   Flag = "impersonation"     // SFTY 9.19/9.20 or CAT:DIMP/UIMP/GIMP
	FlagHighConfidence  Flag = "high_confidence"   // CAT:HPHSH/HPHISH/HSPM, SCL 9
	FlagBulkSender      Flag = "bulk"              // SRV:BULK or a high BCL
	FlagJunkFolder      Flag = "junk_folder"       // delivered to the Junk Email folder (dest:J)
	FlagAllowedIP       Flag = "allowed_ip"        // IPV:CAL: the IP is on the recipient's allow list
	FlagAllowedSender   Flag = "allowed_sender"    // SFV:SKA/SFE: the sender is on an allow list
	FlagBlockedSender   Flag = "blocked_sender"    // SFV:BLK/SKB
	FlagMarkedByRule    Flag = "marked_spam_rule"  // SFV:SKS: a mail flow rule marked it spam before filtering
	FlagSkippedByRule   Flag = "skipped_rule"      // SFV:SKN: a mail flow rule let it skip filtering
	FlagIntraOrg        Flag = "intra_org"         // SFV:SKI, DIR:INT: mail inside the organisation
	FlagReleased        Flag = "released"          // SFV:SKQ: released from quarantine
	FlagOutbound        Flag = "outbound"          // DIR:OUT: the sending side's scan, not the recipient's
	FlagAuthenticatedAs Flag = "authenticated_org" // AuthAs Internal/Partner: Exchange treated the sender as inside or a partner
)

// Test is one rule (SpamAssassin) or symbol (rspamd) that fired.
type Test struct {
	Name        string
	Score       float64
	Scored      bool   // Score was recorded
	Description string // SpamAssassin's X-Spam-Report text, when present
}

// Opinion is one filter's rating of the mail.
type Opinion struct {
	Vendor Vendor
	// Trusted is set when the recipient's own infrastructure wrote the
	// fields (see Trust); an untrusted opinion may have been written by
	// the sender or a relay on the way and is information only.
	Trusted bool
	// Fields are the header fields it was read from, as the mail spells them.
	Fields []string

	Filtering Filtering
	Category  Category
	// RawCategory and RawVerdict are the codes as written (CAT:PHSH, SFV:SPM).
	RawCategory, RawVerdict string

	// SCL, BCL and PCL are Microsoft's spam, bulk and phishing confidence
	// levels, NoLevel when absent (SCL -1 is a level: filtering was skipped).
	SCL, BCL, PCL int
	// Score and Required are SpamAssassin's or rspamd's score and
	// threshold; HasScore/HasRequired tell whether they were recorded.
	Score, Required       float64
	HasScore, HasRequired bool
	// Action is rspamd's action ("no action", "add header", "reject"…).
	Action string

	Flags []Flag
	Tests []Test

	// What Microsoft recorded about the connection.
	ConnectingIP string // CIP
	Country      string // CTRY, ISO 3166 alpha-2
	Language     string // LANG
	HELO         string // H
	PTR          string // PTR
	Direction    string // DIR: INB, OUT, INT
	AuthAs       string // X-MS-Exchange-Organization-AuthAs: Anonymous, Internal, Partner…
	Folder       string // X-Microsoft-Antispam-Mailbox-Delivery dest: inbox, junk, or the code
	// CompAuth is Microsoft's composite authentication (its spoof check)
	// from the topmost Authentication-Results: pass, fail, softfail, none.
	CompAuth string
}

// Has reports whether o carries flag f.
func (o Opinion) Has(f Flag) bool {
	for _, g := range o.Flags {
		if g == f {
			return true
		}
	}
	return false
}

func (o *Opinion) flag(f Flag) {
	if !o.Has(f) {
		o.Flags = append(o.Flags, f)
	}
}

// NoLevel is the SCL, BCL or PCL of an opinion that does not record it.
const NoLevel = -2

func newOpinion(v Vendor, trusted bool) Opinion {
	return Opinion{Vendor: v, Trusted: trusted, SCL: NoLevel, BCL: NoLevel, PCL: NoLevel}
}

// Trust says which header fields the recipient's own infrastructure wrote.
// The zero value trusts nothing.
type Trust struct {
	// Above is the number of fields at the top of the header that the
	// recipient's infrastructure wrote: h[:Above] are trusted by position.
	// A receiving MTA prepends its fields, so everything above the
	// Received field of the hand-over from the outside (the origin hop,
	// included) was written on the recipient's side.
	Above int
	// Receivers are the vendors whose hosts wrote trusted hops: the
	// recipient's provider. Their own fields are trusted wherever they sit
	// in the header, because such a provider removes or renames copies
	// that arrive from outside: Exchange Online strips
	// X-MS-Exchange-Organization-* at its header firewall and renames an
	// incoming X-Forefront-Antispam-Report or X-Microsoft-Antispam to
	// "…-Untrusted", then appends its own below the sender's fields.
	Receivers []Vendor
}

func (t Trust) receiver(v Vendor) bool {
	for _, r := range t.Receivers {
		if r == v {
			return true
		}
	}
	return false
}

// microsoftHosts are Exchange Online's receiving hosts.
var microsoftHosts = []string{".outlook.com", ".office365.com", ".exchangelabs.com"}

// TrustFromChain derives Trust from a walked Received chain of h: the
// fields down to the Received field of the lowest trusted hop (the
// origin) are trusted by position, and Microsoft is a receiver when a
// trusted hop was written by Exchange Online. When the chain found no
// recognised provider (chain.Fallback), the trusted hops are a best guess
// and so is the position.
func TrustFromChain(h message.Header, chain received.Chain) Trust {
	var t Trust
	last := -1
	for i := range chain.Hops {
		if i < len(chain.Trusted) && chain.Trusted[i] {
			last = i
			if hostMatches(chain.Hops[i].By, microsoftHosts) && !t.receiver(Microsoft) {
				t.Receivers = append(t.Receivers, Microsoft)
			}
		}
	}
	if last < 0 {
		return t
	}
	n := 0
	for i, f := range h {
		if strings.EqualFold(f.Key, "Received") {
			if n == last {
				t.Above = i + 1
				break
			}
			n++
		}
	}
	return t
}

func hostMatches(host string, suffixes []string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, s := range suffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// field is one header field with its position.
type field struct {
	index      int
	key, value string
}

// Decode reads every filter opinion in h. A vendor gives at most two
// opinions: one from the fields the recipient's infrastructure wrote
// (trusted, first) and one from the others. Opinions come Microsoft,
// SpamAssassin, rspamd; nil when h carries no rating.
func Decode(h message.Header, trust Trust) []Opinion {
	groups := map[Vendor][2][]field{} // [0] trusted, [1] untrusted
	firstAR := true
	for i, f := range h {
		v, ok := vendorOf(f.Key)
		if strings.EqualFold(f.Key, "Authentication-Results") {
			// Exchange Online writes compauth= (its spoof check) in the
			// topmost Authentication-Results; lower ones are not its.
			v, ok = Microsoft, firstAR && strings.Contains(strings.ToLower(f.Value), "compauth=")
			firstAR = false
		}
		if !ok {
			continue
		}
		val := f.Value
		if len(val) > MaxValueLen {
			val = val[:MaxValueLen]
		}
		trusted := i < trust.Above || (trust.receiver(v) && v == Microsoft)
		g := groups[v]
		k := 1
		if trusted {
			k = 0
		}
		if len(g[k]) < MaxFields {
			g[k] = append(g[k], field{i, f.Key, val})
		}
		groups[v] = g
	}
	// SpamAssassin's X-Spam-* fields written by rspamd's milter.
	if g, ok := groups[SpamAssassin]; ok && len(groups[Rspamd][0])+len(groups[Rspamd][1]) > 0 && !hasSpamAssassinMark(g) {
		r := groups[Rspamd]
		r[0] = append(r[0], g[0]...)
		r[1] = append(r[1], g[1]...)
		groups[Rspamd] = r
		delete(groups, SpamAssassin)
	}
	var out []Opinion
	for _, v := range []Vendor{Microsoft, SpamAssassin, Rspamd} {
		g := groups[v]
		for k, fs := range g {
			if len(fs) == 0 {
				continue
			}
			o := newOpinion(v, k == 0)
			switch v {
			case Microsoft:
				decodeMicrosoft(&o, fs)
			case SpamAssassin:
				decodeSpamAssassin(&o, fs)
			case Rspamd:
				decodeRspamd(&o, fs)
			}
			if o.informative() {
				out = append(out, o)
			}
		}
	}
	return out
}

// informative reports whether o holds any rating (an empty X-Spam-Level or
// a bare X-Rspamd-Server is none).
func (o Opinion) informative() bool {
	return o.Filtering != "" || o.Category != "" || o.SCL != NoLevel || o.BCL != NoLevel || o.PCL != NoLevel ||
		o.HasScore || o.Action != "" || len(o.Flags) > 0 || len(o.Tests) > 0 || o.CompAuth != ""
}

func hasSpamAssassinMark(g [2][]field) bool {
	for _, fs := range g {
		for _, f := range fs {
			switch strings.ToLower(f.key) {
			case "x-spam-checker-version", "x-spam-report":
				return true
			case "x-spam-status":
				if strings.Contains(strings.ToLower(f.value), "tests=") {
					return true
				}
			}
		}
	}
	return false
}

// vendorOf tells which vendor writes a field.
func vendorOf(key string) (Vendor, bool) {
	// Every name below starts with "x-": most fields of a mail can be
	// refused without lower-casing their names.
	if len(key) < 2 || key[0] < utf8.RuneSelf && key[0]|0x20 != 'x' || key[1] < utf8.RuneSelf && key[1] != '-' {
		return "", false
	}
	var buf [48]byte
	if len(key) <= len(buf) && ascii.Is(key) {
		// Lower-cased on the stack: every mail has X- fields.
		b := ascii.LowerInto(buf[:], key)
		v, ok := vendorFields[string(b)]
		return v, ok
	}
	v, ok := vendorFields[strings.ToLower(key)]
	return v, ok
}

// vendorFields are the fields each filter writes, by lower-case name.
var vendorFields = map[string]Vendor{
	"x-forefront-antispam-report":           Microsoft,
	"x-microsoft-antispam":                  Microsoft,
	"x-microsoft-antispam-mailbox-delivery": Microsoft,
	"x-ms-exchange-organization-scl":        Microsoft,
	"x-ms-exchange-organization-pcl":        Microsoft,
	"x-ms-exchange-organization-bcl":        Microsoft,
	"x-ms-exchange-organization-authas":     Microsoft,
	"x-spam-status":                         SpamAssassin,
	"x-spam-flag":                           SpamAssassin,
	"x-spam-level":                          SpamAssassin,
	"x-spam-score":                          SpamAssassin,
	"x-spam-report":                         SpamAssassin,
	"x-spam":                                SpamAssassin,
	"x-spam-checker-version":                SpamAssassin,
	"x-spamd-result":                        Rspamd,
	"x-spamd-bar":                           Rspamd,
	"x-rspamd-action":                       Rspamd,
	"x-rspamd-score":                        Rspamd,
	"x-rspamd-status":                       Rspamd,
	"x-rspamd-result":                       Rspamd,
	"x-rspamd-pre-result":                   Rspamd,
	"x-rspamd-server":                       Rspamd,
	"x-rspamd-queue-id":                     Rspamd,
}
