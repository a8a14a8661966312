// Package report defines the analysis report: the JSON contract shared by the
// CLI, the Slack bot and every analysis step. It has no logic beyond small
// helpers and imports nothing from the project, so every package may use it.
package report

// Verdict levels.
const (
	Legitimate = "legitimate"
	Suspicious = "suspicious"
	Phishing   = "phishing"
)

// Lookup statuses.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusSkipped = "skipped"
	StatusTimeout = "timeout"
)

// Report is everything checkmail found out about one mail.
type Report struct {
	File      string `json:"file,omitempty"`
	Subject   string `json:"subject"`
	Date      string `json:"date,omitempty"`
	MessageID string `json:"message_id,omitempty"`

	Input   Input    `json:"input"`
	Verdict Verdict  `json:"verdict"`
	Origin  *Origin  `json:"origin,omitempty"`
	Hops    []Hop    `json:"hops"`
	Sender  Sender   `json:"sender"`
	Auth    Auth     `json:"auth"`
	Domains []Domain `json:"domains"`
	Links   []Link   `json:"links"`

	Attachments []Attachment `json:"attachments"`
	Brands      []BrandMatch `json:"brands,omitempty"`
	// Ownership answers, for each domain tied to a brand the mail claims,
	// whether it belongs to that brand and why.
	Ownership []Ownership `json:"ownership,omitempty"`
	// Provider holds the spam filters' own ratings found in the mail
	// (Microsoft 365, SpamAssassin, rspamd), trusted ones first.
	Provider []ProviderOpinion `json:"provider,omitempty"`
	Lookups  []Lookup          `json:"lookups"`
	// Notes are plain statements about the input ("unwrapped a forwarded
	// original", "headers only: no body to inspect").
	Notes []string `json:"notes,omitempty"`
}

// Input describes what was given to the analyzer.
type Input struct {
	// Kind is "eml" (full message), "headers" (pasted headers, maybe with a
	// body) or "forwarded" (a forward whose attached original was analyzed).
	Kind      string `json:"kind"`
	Unwrapped bool   `json:"unwrapped,omitempty"`
	Size      int    `json:"size"`
	HasBody   bool   `json:"has_body"`
}

// Verdict is the conclusion with the reasons behind it.
type Verdict struct {
	Level   string   `json:"level"`
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// Reason is one piece of evidence. Code is stable across releases; Weight is
// positive toward phishing and negative toward legitimate.
type Reason struct {
	Code   string `json:"code"`
	Text   string `json:"text"`
	TextJA string `json:"text_ja,omitempty"`
	Weight int    `json:"weight"`
}

// Origin is the hop that handed the mail to the recipient's provider.
type Origin struct {
	IP         string   `json:"ip"`
	Host       string   `json:"host,omitempty"`
	Helo       string   `json:"helo,omitempty"`
	ReceivedBy string   `json:"received_by,omitempty"`
	Source     string   `json:"source,omitempty"` // received|received-spf|gmail|exchange
	CrossCheck []string `json:"cross_check,omitempty"`
	Geo        *Geo     `json:"geo,omitempty"`
	ASN        *ASN     `json:"asn,omitempty"`
	Network    *Network `json:"network,omitempty"`
}

// Geo is a GeoIP location.
type Geo struct {
	Country     string     `json:"country,omitempty"`
	CountryName string     `json:"country_name,omitempty"`
	City        string     `json:"city,omitempty"`
	Source      *GeoSource `json:"source,omitempty"`
}

// ASN is the autonomous system announcing an address.
type ASN struct {
	Number uint       `json:"number"`
	Org    string     `json:"org,omitempty"`
	Source *GeoSource `json:"source,omitempty"`
}

// GeoSource names the GeoIP database that answered.
type GeoSource struct {
	// Database is the embedded database's name (e.g. "ip-location-db
	// asn") or a configured file's database type (e.g. "GeoLite2-City").
	Database string `json:"database"`
	Version  string `json:"version,omitempty"`  // embedded data: package version
	Built    string `json:"built,omitempty"`    // build date, YYYY-MM-DD
	Embedded bool   `json:"embedded,omitempty"` // compiled into checkmail (no CHECKMAIL_GEOIP_* file)
}

// Network is the RDAP (or WHOIS) record of the IP network.
type Network struct {
	Name       string `json:"name,omitempty"`
	Handle     string `json:"handle,omitempty"`
	Range      string `json:"range,omitempty"`
	Org        string `json:"org,omitempty"`
	Country    string `json:"country,omitempty"`
	AbuseEmail string `json:"abuse_email,omitempty"`
	Source     string `json:"source,omitempty"` // e.g. "rdap:apnic"
}

// Hop is one Received header, top (newest) first.
type Hop struct {
	FromHost     string `json:"from_host,omitempty"`
	FromIP       string `json:"from_ip,omitempty"`
	Helo         string `json:"helo,omitempty"`
	By           string `json:"by,omitempty"`
	With         string `json:"with,omitempty"`
	ID           string `json:"id,omitempty"`
	Time         string `json:"time,omitempty"` // RFC 3339
	DelaySeconds *int64 `json:"delay_seconds,omitempty"`
	// Trusted: written by the recipient's own infrastructure. Untrusted hops
	// below the boundary were written by the sender ("claimed").
	Trusted bool   `json:"trusted"`
	Origin  bool   `json:"origin,omitempty"`
	Raw     string `json:"raw,omitempty"`
}

// Sender holds the identities of the mail.
type Sender struct {
	From             string   `json:"from,omitempty"`
	FromDomain       string   `json:"from_domain,omitempty"`
	DisplayName      string   `json:"display_name,omitempty"`
	Sender           string   `json:"sender,omitempty"`
	ReplyTo          string   `json:"reply_to,omitempty"`
	ReplyToDomain    string   `json:"reply_to_domain,omitempty"`
	ReturnPath       string   `json:"return_path,omitempty"`
	ReturnPathDomain string   `json:"return_path_domain,omitempty"`
	MessageIDDomain  string   `json:"message_id_domain,omitempty"`
	DKIMDomains      []string `json:"dkim_domains"`
	Mismatches       []string `json:"mismatches,omitempty"`
}

// Auth is the authentication recorded by the recipient's provider (and, when
// lookups run, checkmail's own DNS check).
type Auth struct {
	AuthservID string   `json:"authserv_id,omitempty"`
	SPF        string   `json:"spf,omitempty"`
	DKIM       string   `json:"dkim,omitempty"`
	DMARC      string   `json:"dmarc,omitempty"`
	ARC        string   `json:"arc,omitempty"`
	SPFDomain  string   `json:"spf_domain,omitempty"`
	DKIMPassed []string `json:"dkim_passed,omitempty"`
	Aligned    Aligned  `json:"aligned"`
	Trusted    bool     `json:"trusted"` // false: no Authentication-Results from a trusted authserv-id
	Own        *OwnAuth `json:"own,omitempty"`
}

// Aligned says whether SPF and DKIM identities align with From.
type Aligned struct {
	SPF  bool `json:"spf"`
	DKIM bool `json:"dkim"`
}

// OwnAuth is checkmail's own DNS-based check.
type OwnAuth struct {
	DKIM          []DKIMCheck `json:"dkim,omitempty"`
	SPF           string      `json:"spf,omitempty"`
	DMARCPolicy   string      `json:"dmarc_policy,omitempty"`
	DMARCSubPol   string      `json:"dmarc_sp,omitempty"`
	DMARCPct      int         `json:"dmarc_pct,omitempty"`
	Disagreements []string    `json:"disagreements,omitempty"`
}

// DKIMCheck is one re-verified DKIM signature.
type DKIMCheck struct {
	Domain   string `json:"domain"`
	Selector string `json:"selector,omitempty"`
	Result   string `json:"result"` // pass|fail|unverifiable|error
	Error    string `json:"error,omitempty"`
}

// Roles a domain plays in a mail.
const (
	RoleFrom       = "from"
	RoleReturnPath = "return_path"
	RoleDKIM       = "dkim"
	RoleReplyTo    = "reply_to"
	RoleLink       = "link"
	RoleMessageID  = "message_id"
)

// Domain is one organizational domain involved in the mail, with its owner.
type Domain struct {
	Name       string   `json:"name"`
	Roles      []string `json:"roles"`
	Registrar  string   `json:"registrar,omitempty"`
	Registrant string   `json:"registrant,omitempty"`
	Created    string   `json:"created,omitempty"` // YYYY-MM-DD
	AgeDays    *int     `json:"age_days,omitempty"`
	Status     []string `json:"status,omitempty"`
	Source     string   `json:"source,omitempty"` // rdap|whois
	Error      string   `json:"error,omitempty"`
}

// Link is one URL found in the body. URL is always defanged.
type Link struct {
	URL        string `json:"url"`
	Domain     string `json:"domain"`
	Text       string `json:"text,omitempty"`
	TextDomain string `json:"text_domain,omitempty"`
	Mismatch   bool   `json:"mismatch"`
	// Form: the URL is where an HTML form in the body submits.
	Form      bool   `json:"form,omitempty"`
	Shortener bool   `json:"shortener"`
	IPLiteral bool   `json:"ip_literal,omitempty"`
	Punycode  bool   `json:"punycode,omitempty"`
	Unicode   string `json:"unicode,omitempty"` // IDN host in Unicode, when punycode
	Count     int    `json:"count,omitempty"`
}

// Attachment is one attached file.
type Attachment struct {
	Name        string   `json:"name"`
	ContentType string   `json:"content_type"`
	Sniffed     string   `json:"sniffed_type,omitempty"`
	Size        int      `json:"size"`
	SHA256      string   `json:"sha256"`
	Risk        string   `json:"risk"` // none|low|medium|high
	RiskReasons []string `json:"risk_reasons,omitempty"`
	Members     []string `json:"members,omitempty"` // archive entry names
	// Indicators are what the content does (HTML/SVG form, script,
	// smuggling…, QR codes, encryption), in a fixed order.
	Indicators []Indicator `json:"indicators,omitempty"`
	// Encrypted names the encryption found (archive, PDF, Office).
	Encrypted Encryption `json:"encrypted,omitempty"`
	// URLs are the addresses an HTML/SVG attachment posts to, loads,
	// redirects to or links to, and those QR codes hold. URL is defanged;
	// Host is the plain lower-case host.
	URLs []AttachmentURL `json:"urls,omitempty"`
	// QRCodes are the texts of the QR codes found in an image or PDF,
	// defanged when they are URLs, sanitized and shortened.
	QRCodes []string `json:"qr_codes,omitempty"`
}

// Indicator is one typed finding about an attachment's content.
type Indicator string

// Attachment indicators.
const (
	IndHTMLForm             Indicator = "html_form"              // a <form>
	IndHTMLFormExternal     Indicator = "html_form_external"     // a form posting to a web address
	IndHTMLPasswordField    Indicator = "html_password_field"    // <input type=password>
	IndHTMLScript           Indicator = "html_script"            // script, event handlers, javascript: URLs
	IndHTMLScriptDecode     Indicator = "html_script_decode"     // atob, unescape, eval, document.write, fromCharCode…
	IndHTMLRedirect         Indicator = "html_redirect"          // meta refresh or script navigation to a URL
	IndHTMLScriptFetch      Indicator = "html_script_fetch"      // fetch, XMLHttpRequest, sendBeacon, $.ajax…
	IndHTMLFrame            Indicator = "html_frame"             // iframe, frame, embed, object
	IndHTMLDataURL          Indicator = "html_data_url"          // a data: URL used as a page, frame or script
	IndHTMLEmbeddedPage     Indicator = "html_embedded_page"     // a page hidden in base64 or %-escapes
	IndHTMLSmuggling        Indicator = "html_smuggling"         // Blob + object URL + download, msSaveOrOpenBlob
	IndHTMLObfuscated       Indicator = "html_obfuscated"        // very long encoded strings
	IndHTMLExternalResource Indicator = "html_external_resource" // loads scripts, styles or images from the web
	IndQRCode               Indicator = "qr_code"                // a QR code in an image or PDF
	IndQRURL                Indicator = "qr_url"                 // … that holds a web address
	IndEncrypted            Indicator = "encrypted"              // password-protected archive or document
)

// Encryption is the kind of password protection found.
type Encryption string

// Encryption kinds.
const (
	EncZipCrypto Encryption = "zip"     // ZIP traditional (ZipCrypto) entries
	EncZipAES    Encryption = "zip_aes" // ZIP WinZip AES entries (extra field 0x9901)
	Enc7z        Encryption = "7z"      // 7z with an AES coder (headers or data)
	EncRAR       Encryption = "rar"     // RAR with encrypted headers or files
	EncPDF       Encryption = "pdf"     // PDF with an /Encrypt dictionary
	EncOffice    Encryption = "office"  // OLE EncryptedPackage (password-protected OOXML)
)

// URLRole says what an attachment does with a URL.
type URLRole string

// URL roles.
const (
	URLFormAction URLRole = "form_action"
	URLScript     URLRole = "script"   // script src or a URL in script
	URLRedirect   URLRole = "redirect" // meta refresh, location assignment
	URLFrame      URLRole = "frame"
	URLResource   URLRole = "resource" // img, link, css
	URLLink       URLRole = "link"     // a href
	URLQR         URLRole = "qr"
)

// AttachmentURL is one URL found in an attachment.
type AttachmentURL struct {
	URL  string  `json:"url"` // defanged
	Host string  `json:"host,omitempty"`
	Role URLRole `json:"role"`
}

// BrandMatch is a brand the mail names or imitates.
type BrandMatch struct {
	Brand string `json:"brand"`
	// Where: for a claim display_name|from_address|subject_tag|signature|
	// logo_alt|link_text|subject_account; for a mention subject|body.
	Where    string `json:"where"`
	Evidence string `json:"evidence"`
	// Claimed: the mail presents itself as the brand (not just naming it).
	Claimed bool `json:"claimed"`
	// Authentic: the authenticated sender or the links belong to the brand.
	Authentic bool `json:"authentic"`
}

// Ownership is the answer for one domain and one claimed brand.
type Ownership struct {
	Domain string   `json:"domain"`
	Roles  []string `json:"roles"`
	Brand  string   `json:"brand"`
	// Status: belongs|does_not_belong|unknown.
	Status string `json:"status"`
	// Basis: brand_table|registrant|protection_registrar|team_legitimate|
	// team_phishing|freemail|registrant_other|young|no_lookup|lookup_failed.
	Basis     string `json:"basis"`
	Summary   string `json:"summary"`
	SummaryJA string `json:"summary_ja"`
}

// Lookup records one network lookup (or its absence).
type Lookup struct {
	Kind   string `json:"kind"` // geoip|rdap|whois|dns
	Target string `json:"target"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	MS     int64  `json:"ms"`
	Cached bool   `json:"cached,omitempty"`
}

// ProviderOpinion is one spam filter's own rating of the mail: information
// in every rendering, evidence only when Trusted (written by the
// recipient's own infrastructure; otherwise the sender could have written
// it).
type ProviderOpinion struct {
	Vendor      string   `json:"vendor"` // microsoft|spamassassin|rspamd
	Trusted     bool     `json:"trusted"`
	Verdict     string   `json:"verdict,omitempty"`      // spam|not_spam|skipped|blocked
	Category    string   `json:"category,omitempty"`     // clean|spam|bulk|phishing|spoof|impersonation|malware
	RawCategory string   `json:"raw_category,omitempty"` // Microsoft's CAT code, e.g. PHSH
	SCL         *int     `json:"scl,omitempty"`
	BCL         *int     `json:"bcl,omitempty"`
	PCL         *int     `json:"pcl,omitempty"`
	Score       *float64 `json:"score,omitempty"`    // SpamAssassin / rspamd
	Required    *float64 `json:"required,omitempty"` // their threshold
	Action      string   `json:"action,omitempty"`   // rspamd
	Flags       []string `json:"flags,omitempty"`
	Tests       []string `json:"tests,omitempty"` // rules or symbols that fired
	// ConnectingIP and Country are what Microsoft recorded (CIP, CTRY).
	ConnectingIP string `json:"connecting_ip,omitempty"`
	Country      string `json:"country,omitempty"`
	Folder       string `json:"folder,omitempty"` // inbox|junk
	Summary      string `json:"summary"`
	SummaryJA    string `json:"summary_ja"`
}
