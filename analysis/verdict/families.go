package verdict

import (
	"slices"

	"github.com/checkmail/checkmail/analysis/evidence"
)

// Family is the kind of evidence a rule reads. Signs of one family tend
// to come together (a DMARC failure and an unauthenticated sender are one
// fact seen twice); signs of different families are independent, and
// honest mail seldom shows two.
type Family uint8

// Families of evidence.
const (
	FamilyNone     Family = iota
	FamilyClaim           // who the mail claims to be
	FamilySender          // the sender's address and authentication
	FamilyLinks           // where the links lead
	FamilyAttach          // the attachments
	FamilyContent         // what the text asks for or offers
	FamilyDisguise        // how the text hides from filters
	FamilyTeam            // the team's own decisions
)

var familyNames = [...]bilingual{
	FamilyClaim:    {"who it claims to be", "名乗っている相手"},
	FamilySender:   {"the sender", "送信元"},
	FamilyLinks:    {"the links", "リンク"},
	FamilyAttach:   {"the attachments", "添付ファイル"},
	FamilyContent:  {"what it asks for", "求めている内容"},
	FamilyDisguise: {"how it hides from filters", "フィルター回避の細工"},
	FamilyTeam:     {"the team's decisions", "チームの判断"},
}

// families maps every rule that weighs toward phishing to its family. The
// provider's own ratings are not listed: they are someone else's verdict,
// not independent evidence. Signs too weak or too common in honest mail to
// corroborate anything are listed with FamilyNone: a reply-to elsewhere, a
// brand's lax DMARC policy, and the recipient's own name or address in the
// greeting (honest receipts greet their customer by account name too; in
// the subject it is a mass mailing's disguise).
var families = map[string]Family{
	"brand_impersonation": FamilyClaim, "brand_claim_unverified": FamilyClaim, "lookalike_domain": FamilyClaim,
	"display_name_address": FamilyClaim, "brand_links_elsewhere": FamilyClaim, "brand_origin_unrelated": FamilyClaim,
	"team_phishing":      FamilyTeam,
	"link_text_mismatch": FamilyLinks, "ip_link": FamilyLinks, "punycode_link": FamilyLinks, "shortener_link": FamilyLinks,
	"html_form": FamilyLinks, "free_service_link": FamilyLinks, "suspicious_tld": FamilyLinks,
	"links_elsewhere_unauthenticated": FamilyLinks,
	"attachment_high_risk":            FamilyAttach, "encrypted_attachment_password": FamilyAttach, "attachment_risky": FamilyAttach,
	"credential_lure": FamilyContent, "payment_lure": FamilyContent, "urgency_lure": FamilyContent,
	"delivery_lure": FamilyContent, "prize_lure": FamilyContent, "fraud_offer": FamilyContent,
	"callback_scam": FamilyContent, "crypto_wallet": FamilyContent, "crypto_balance": FamilyContent,
	"advance_fee": FamilyContent, "job_offer_scam": FamilyContent, "gift_card_scam": FamilyContent, "extortion": FamilyContent,
	"reply_to_freemail": FamilySender, "reply_to_elsewhere": FamilyNone, "throwaway_sender": FamilySender,
	"sender_address_forged": FamilySender, "from_header_crafted": FamilySender, "freemail_organization": FamilySender, "scam_from_freemail": FamilySender,
	"dmarc_fail": FamilySender, "auth_fail": FamilySender, "sender_unauthenticated": FamilySender,
	"own_dkim_fail": FamilySender, "young_domain": FamilySender, "registrant_unrelated": FamilySender,
	"brand_dmarc_none": FamilyNone,
	"mixed_script":     FamilyDisguise, "split_word": FamilyDisguise, "invisible_characters": FamilyDisguise,
	"recipient_in_subject": FamilyDisguise, "recipient_in_greeting": FamilyNone, "encoded_display_name": FamilyDisguise, "random_token": FamilyDisguise,
	"hash_buster": FamilyDisguise,
}

// familyOf is the family of a rule's sign in this mail. A domain under an
// abused top-level domain is a sign about the sender when it is the
// sender's own domain, and about the links otherwise: where a mail comes
// from and where it leads are independent.
func familyOf(code string, e *evidence.Evidence) Family {
	if code == "suspicious_tld" && slices.Contains(e.Sender.Throwaway, evidence.ThrowawayAbusedTLD) {
		return FamilySender
	}
	return families[code]
}

// corroboration is the reason given when signs of two families agree.
var corroboration = Rule{
	Code:   "corroborated",
	Weight: 10,
	EN:     "Signs of different kinds point the same way (%s, and %s): honest mail seldom shows two.",
	JA:     "種類の異なる兆候（%s、%s）が同じ方向を示しています。正規のメールで両方が見られることはまれです。",
}
