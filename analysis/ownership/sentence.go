package ownership

import (
	"fmt"
	"strings"

	"github.com/checkmail/checkmail/analysis/links"
)

// Sentence says the finding the way a teammate would, in English and
// Japanese: "belongs to Chase: registrant JPMorgan Chase & Co. via
// MarkMonitor, registered 2011" or "unknown: no owner lookup (offline)".
// Domains in it are defanged.
func (f Finding) Sentence() (en, ja string) {
	b := f.Brand.Name
	bja := f.Brand.NameJA
	if bja == "" {
		bja = b
	}
	d := links.DefangDomain(f.Domain)
	switch f.Basis {
	case BrandTable:
		return "belongs to " + b + ": one of its known domains", bja + "の既知のドメインです"
	case RegistrantIsBrand:
		return "belongs to " + b + ": registrant " + f.registration(), bja + "のものです: 登録者 " + f.registrationJA()
	case ProtectionRegistrar:
		return "belongs to a brand owner: registered through the brand-protection registrar " + f.registration(),
			"ブランド保護専門の登録事業者で登録されています: " + f.registrationJA()
	case TeamLegitimate:
		return fmt.Sprintf("belongs to %s as far as the team knows: %d earlier case(s) with it were decided legitimate", b, f.Team.Legitimate),
			fmt.Sprintf("チームの過去の判断では%sのものです（正規と判断した事例 %d 件）", bja, f.Team.Legitimate)
	case Freemail:
		return "does not belong to " + b + ": anyone can open an address or site there", bja + "のものではありません: 誰でもアドレスやサイトを作れるドメインです"
	case RegistrantOther:
		return "does not belong to " + b + ": registered to " + f.registration(), bja + "のものではありません: 登録者は " + f.registrationJA()
	case Young:
		return fmt.Sprintf("does not belong to %s: registered only %d days ago", b, f.AgeDays),
			fmt.Sprintf("%sのものではありません: %d日前に登録されたばかりです", bja, f.AgeDays)
	case TeamPhishing:
		return fmt.Sprintf("does not belong to %s as far as the team knows: %d earlier case(s) with it were decided phishing", b, f.Team.Phishing),
			fmt.Sprintf("チームの過去の判断では%sのものではありません（フィッシングと判断した事例 %d 件）", bja, f.Team.Phishing)
	case Institution:
		return "does not belong to " + b + ": only universities, schools or public bodies can register under it", bja + "のものではありません: 大学・学校・公的機関だけが登録できるドメインです"
	case NoLookup:
		return "unknown: no owner lookup (offline); look up who owns " + d, "不明: 所有者を照会していません（オフライン）。" + d + " の所有者を確認してください"
	}
	return "unknown: the owner lookup found no owner; look up who owns " + d, "不明: 所有者を確認できませんでした。" + d + " の所有者を確認してください"
}

func (f Finding) registration() string {
	var parts []string
	if f.Registrant != "" && !Redacted(f.Registrant) {
		parts = append(parts, short(f.Registrant))
	}
	if f.Registrar != "" {
		parts = append(parts, "via "+short(f.Registrar))
	}
	if len(f.Created) >= 4 {
		parts = append(parts, "registered "+f.Created[:4])
	}
	if len(parts) == 0 {
		return "(no details)"
	}
	return strings.Join(parts, ", ")
}

func (f Finding) registrationJA() string {
	var parts []string
	if f.Registrant != "" && !Redacted(f.Registrant) {
		parts = append(parts, short(f.Registrant))
	}
	if f.Registrar != "" {
		parts = append(parts, "登録事業者 "+short(f.Registrar))
	}
	if len(f.Created) >= 4 {
		parts = append(parts, f.Created[:4]+"年登録")
	}
	if len(parts) == 0 {
		return "（詳細なし）"
	}
	return strings.Join(parts, "、")
}

func short(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return string(r)
}
