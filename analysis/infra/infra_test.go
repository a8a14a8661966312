package infra

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		host string
		want Kind
	}{
		{"manager-2-f801a.firebaseapp.com", FreeSubdomainHost},
		{"MyApp.Web.App.", FreeSubdomainHost},
		{"login-verify.pages.dev", FreeSubdomainHost},
		{"x.y.workers.dev", FreeSubdomainHost},
		{"pub-123.r2.dev", FreeSubdomainHost},
		{"secure.netlify.app", FreeSubdomainHost},
		{"acme.vercel.app", FreeSubdomainHost},
		{"someone.github.io", FreeSubdomainHost},
		{"someone.gitlab.io", FreeSubdomainHost},
		{"cute-cat.glitch.me", FreeSubdomainHost},
		{"www.ykjygx.blogspot.pt", FreeSubdomainHost},
		{"news.blogspot.com", FreeSubdomainHost},
		{"shop.blogspot.co.uk", FreeSubdomainHost},
		{"foo.weebly.com", FreeSubdomainHost},
		{"user.wixsite.com", FreeSubdomainHost},
		{"app.herokuapp.com", FreeSubdomainHost},
		{"app.azurewebsites.net", FreeSubdomainHost},
		{"syzkaller.appspot.com", FreeSubdomainHost},
		{"ii-dnuqnaqtnq-rj.a.run.app", FreeSubdomainHost},
		{"x.000webhostapp.com", FreeSubdomainHost},
		{"x.onrender.com", FreeSubdomainHost},
		{"x.notion.site", FreeSubdomainHost},
		{"www-example-com.translate.goog", FreeSubdomainHost},
		{"ipfs.io", IPFSGateway},
		{"bafybeibvyyt3thiwxdphrcs6qsopvntxhqwznbb54u5z27gapwqpiidp2m.ipfs.dweb.link", IPFSGateway},
		{"cid.ipfs.example.org", IPFSGateway},
		{"cloudflare-ipfs.com", IPFSGateway},
		{"abcd-1-2-3-4.ngrok-free.app", Tunnel},
		{"a1b2.ngrok.io", Tunnel},
		{"words-here.trycloudflare.com", Tunnel},
		{"x.loca.lt", Tunnel},
		{"abc.lhr.life", Tunnel},
		{"home.duckdns.org", FreeDNS},
		{"mybox.ddns.net", FreeDNS},
		{"pen.homeip.net", FreeDNS},
		{"x.mooo.com", FreeDNS},
		// The platforms' own names and ordinary hosts.
		{"firebaseapp.com", None},
		{"github.io", None},
		{"ngrok.com", None},
		{"www.github.com", None},
		{"blogspot.com", None},
		{"blogspot.example.com", None},
		{"d1234abcd.cloudfront.net", None},
		{"shop.myshopify.com", None},
		{"rakuten.co.jp", None},
		{"", None},
		{strings.Repeat("a.", 200) + "web.app", None},
		{"ipfs.example.org", None},
	}
	for _, tt := range tests {
		if got := Classify(tt.host); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
	if s := Service("a.firebaseapp.com"); s != "Firebase Hosting" {
		t.Errorf("Service = %q", s)
	}
}

func TestClassifyURL(t *testing.T) {
	tests := []struct {
		url     string
		want    Kind
		service string
	}{
		{"https://docs.google.com/forms/d/e/1FAIpQLSc/viewform", FormHost, "Google Forms"},
		{"https://docs.google.com/forms/u/0/d/e/1FAIpQLSd/viewform", FormHost, "Google Forms"},
		{"https://forms.gle/swApmnQazhy2iu3y9", FormHost, "Google Forms"},
		{"https://forms.office.com/r/AbCdEf", FormHost, "Microsoft Forms"},
		{"https://forms.microsoft.com/Pages/ResponsePage.aspx?id=x", FormHost, "Microsoft Forms"},
		{"https://form.jotform.com/231234567890", FormHost, "Jotform"},
		{"https://acme.typeform.com/to/AbCd", FormHost, "Typeform"},
		{"https://formspree.io/f/xyz", FormHost, "Formspree"},
		{"https://www.dropbox.com/s/abc/invoice.pdf?dl=0", FileShare, "Dropbox"},
		{"https://www.dropbox.com/scl/fi/abc/Doc.pdf?rlkey=x", FileShare, "Dropbox"},
		{"https://wetransfer.com/downloads/abc/def", FileShare, "WeTransfer"},
		{"https://we.tl/t-AbCdEf", FileShare, "WeTransfer"},
		{"https://www.mediafire.com/file/abc/x.zip/file", FileShare, "MediaFire"},
		{"https://mega.nz/file/AbC#key", FileShare, "MEGA"},
		{"https://1drv.ms/b/s!AbCd", FileShare, "OneDrive"},
		{"https://contoso-my.sharepoint.com/:b:/g/personal/x/EAbc?e=123", FileShare, "SharePoint/OneDrive"},
		{"https://contoso.sharepoint.com/:u:/s/site/Ed", FileShare, "SharePoint/OneDrive"},
		{"https://drive.google.com/file/d/1Ni25/preview", FileShare, "Google Drive"},
		{"https://sites.google.com/view/secure-login/home", FreeSitePage, "Google Sites"},
		{"https://docs.google.com/presentation/d/e/2PACX-1vT/pub?start=false", FreeSitePage, "Google Docs (published)"},
		{"https://docs.google.com/drawings/d/1F4AV8Lt/preview?5", FreeSitePage, "Google Docs (published)"},
		{"https://express.adobe.com/page/AbCd/", FreeSitePage, "Adobe Express"},
		{"https://storage.googleapis.com/bucket/login.html#x", CloudStorage, "Google Cloud Storage"},
		{"https://storage.googleapis.com/bucket/index", CloudStorage, "Google Cloud Storage"},
		{"https://acct.blob.core.windows.net/$web/index.html", CloudStorage, "Azure Blob Storage"},
		{"https://outook.s3.us-east-1.amazonaws.com/msn1/oPU.html", CloudStorage, "Amazon S3"},
		{"https://x.ngrok-free.app/login", Tunnel, "ngrok"},
		{"https://gateway.example.net/ipfs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", IPFSGateway, "IPFS gateway"},
		{"app.web.app/path", FreeSubdomainHost, "Firebase Hosting"},
		// Ordinary uses of the same services.
		{"https://docs.google.com/document/d/1abc/edit", None, ""},
		{"https://www.dropbox.com/", None, ""},
		{"https://www.dropbox.com/features", None, ""},
		{"https://contoso.sharepoint.com/sites/team/Shared%20Documents/x.docx", None, ""},
		{"https://storage.googleapis.com/news-assets/logo.png", None, ""},
		{"https://storage.googleapis.com/syzbot-assets/abc/bzImage-1.xz", None, ""},
		{"https://bucket.s3.amazonaws.com/images/banner.jpg", None, ""},
		{"https://www.google.com/search?q=forms", None, ""},
		{"https://example.com/forms/contact", None, ""},
		{"mailto:someone@example.com", None, ""},
		{"", None, ""},
		{"http://[::1", None, ""},
	}
	for _, tt := range tests {
		f := ClassifyURL(tt.url)
		if f.Kind != tt.want || f.Service != tt.service {
			t.Errorf("ClassifyURL(%q) = %v %q, want %v %q", tt.url, f.Kind, f.Service, tt.want, tt.service)
		}
		if tt.want != None && f.Host == "" {
			t.Errorf("ClassifyURL(%q): no host", tt.url)
		}
	}
}

func TestAbusedTLD(t *testing.T) {
	for _, d := range []string{"lzbjoqtmm.icu", "x.TOP", "a.b.xyz.", "fqfggh.shop", "goodmallsf.ga", "transmit.monster", "file.zip"} {
		if !AbusedTLD(d) {
			t.Errorf("AbusedTLD(%q) = false", d)
		}
	}
	for _, d := range []string{"example.com", "rakuten.co.jp", "bit.ly", "aka.ms", "web.app", "x.cn", "top", "", "icu.example.com"} {
		if AbusedTLD(d) {
			t.Errorf("AbusedTLD(%q) = true", d)
		}
	}
}

func TestRandomCase(t *testing.T) {
	tests := []struct {
		local string
		want  bool
	}{
		// Each letter's case picked at random.
		{"JndLebIg", true}, {"eDFYQnOr", true}, {"lwInMxAeQ", true}, {"PzQzHjP", true},
		{"GqRlsAUV", true}, {"DgcPUJUlz", true}, {"SHTXhIWo", true}, {"kkzWneyD", true},
		// Words and names run together with capitals.
		{"JohnSmith", false}, {"ThosStew", false}, {"GlennEverhart", false}, {"DoNotUse", false},
		{"CEONewsBrief", false}, {"CNNStudentNews", false}, {"DavidMcQuirk", false}, {"DJMcGoldrick", false},
		{"eBayUser", false}, {"johnSmith", false}, {"JohnD", false}, {"RoyalBankOfCanada", false},
		{"iPhoneXS", false}, {"TheRealMVP", false}, {"SQLiteDev", false},
		// One case, or fewer than four runs of a case.
		{"lgzaupnfxckodtb", false}, {"QSFXJTWK", false}, {"nyuAVAEky", false}, {"Qsfxjtwk", false},
		// Not letters alone: ids of mail services, judged by MachineMade.
		{"Online#3.19578.34-UgGTgZFN19NAr9RR.1", false}, {"UgGTgZFN19", false}, {"Jnd.LebIg", false},
		// Too short or too long.
		{"aBcDe", false}, {strings.Repeat("aB", 40), false}, {"", false},
	}
	for _, tt := range tests {
		if got := RandomCase(tt.local); got != tt.want {
			t.Errorf("RandomCase(%q) = %v, want %v", tt.local, got, tt.want)
		}
	}
}

func TestMachineMade(t *testing.T) {
	machine := []string{
		"lgzaupnfxckodtb", "xfmjkhfjhqcxkdf", "pzqzhjp", "29lvf5z0f3", "5rbmtjfyfj", "wevzvqt", "lzbjoqtmm",
		"fqfggh", "nrfwksmxpwwfov", "info.xvrgtjjhljvmqtq", "0cwhflxc9u", "QSFXJTWK", "vxrjkjeubpwv",
	}
	human := []string{
		// Names and handles, several languages.
		"john.doe", "jane_smith", "paulmck", "dvyukov", "gladkov.alexey", "axboe", "skitster", "mcquirk",
		"djmcgoldrick", "xuanzhuo", "yangxiuwei", "schwarzschild", "hirschsprung", "deutschland", "tridge",
		"pauljohn32", "john1985", "skyhawk", "boyhowdy",
		// Japanese romaji.
		"tanaka.taro", "suzuki-ichiro", "yamamoto", "kobayashi", "takahashi", "tsutsumi", "shinkansen",
		"kyoukai", "nihonbashi", "matsumoto_kiyoshi", "ryuutsuu",
		// Roles and technical names.
		"noreply", "no-reply", "mailer-daemon", "postmaster", "xmlrpc", "pgsql", "smtpgw", "nntp", "freshrpms",
		"lkml", "webmaster", "rpm-zzzlist-admin", "yyyyalcolm",
		// Bounce and VERP addresses from mail services.
		"bounces+b3aee8.62c36-phishing", "msprvs1=19abcDEFghi=bounces-12345",
		"0100018a2b3c4d5e-1f2a3b4c-5d6e-7f80-9a0b-1c2d3e4f5a6b-000000",
		"kasan-dev+bncbcmizb7qwenrbhpx2ptqkgqeaulsmba", "srs0=hhh=tt=example.com=user",
		"online#3.19799.13-clbkghwzrjfx3drr.1", "bounce-mc.us5_12345.67-user=example.com",
		"reply-fec21671766c0d7b-21_html-123456-7007-1", "io-uring+bounces-11571-lists+io-uring=lfdr.de",
		"pm_bounces", "ebay.705443.59818.0",
		// Punycode, short, empty.
		"xn--80ak6aa92e", "abc", "", "a1b2",
	}
	for _, l := range machine {
		if !MachineMade(l) {
			t.Errorf("MachineMade(%q) = false, want true", l)
		}
	}
	for _, l := range human {
		if MachineMade(l) {
			t.Errorf("MachineMade(%q) = true, want false", l)
		}
	}
	for host, want := range map[string]string{
		"eki-net-jp.wevzvqt.cn": "wevzvqt",
		// Spelled out letter by letter: the run of one-character labels.
		"o.n.e.k.e.y.i.n.83.rasmo.com":  "o.n.e.k.e.y.i.n",
		"a.b.c.d.e.f.g.h.4.example.com": "a.b.c.d.e.f.g.h.4",
		"mail.s.u.p.p.o.r.t.1.3az.com":  "s.u.p.p.o.r.t.1",
		"ali001.c-h-o-f-o-n-i.shop":     "c-h-o-f-o-n-i",
	} {
		if got := MachineMadeHost(host); got != want {
			t.Errorf("MachineMadeHost(%q) = %q, want %q", host, got, want)
		}
	}
	for _, h := range []string{"mail.rakuten.co.jp", "lists.freshrpms.net", "", "co.jp",
		"a.b.c.example.com", "x.y.z.w", "m.e.example.jp", "x-ny-io-k-uk.example.com", "e-mail.example.com"} {
		if got := MachineMadeHost(h); got != "" {
			t.Errorf("MachineMadeHost(%q) = %q", h, got)
		}
	}
}

func TestNumberedName(t *testing.T) {
	for local, want := range map[string]bool{
		"smith_thomas_40941":  true,
		"Lina_Cheryl_60829":   true,
		"dolby.debbie-84715":  true,
		"john.smith":          false,
		"john.smith2":         false,
		"john.smith.123":      false, // a short number is a name's disambiguation
		"jsmith12345":         false, // one run of letters
		"a_b_12345":           false, // initials are not names
		"dm-temp-310102":      false,
		"info_team_2024x":     false,
		"smith_thomas_40941_": false,
		"new_offre_1_26212":   true, // a serial in groups
		"john_smith_1_2":      false,
		"john_smith_12_x3":    false,
		"":                    false,
	} {
		if got := NumberedName(local); got != want {
			t.Errorf("NumberedName(%q) = %v, want %v", local, got, want)
		}
	}
}

func TestKindString(t *testing.T) {
	seen := map[string]bool{}
	for k := None; k <= CloudStorage; k++ {
		s := k.String()
		if s == "unknown" || seen[s] {
			t.Errorf("Kind(%d).String() = %q", k, s)
		}
		seen[s] = true
	}
	if Kind(200).String() != "unknown" {
		t.Error("out-of-range kind")
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"https://docs.google.com/forms/d/e/x/viewform", "x.web.app", "https://a.sharepoint.com/:b:/g/x",
		"cid.ipfs.dweb.link", "lgzaupnfxckodtb", "http://[::1]:80/", "a@b.c", "www.ykjygx.blogspot.pt", "/ipfs/Qm"} {
		f.Add(s)
	}
	for _, raw := range corpustest.Seeds(40) {
		if m, ok := corpusmail.Read(raw); ok {
			f.Add(m.From)
			f.Add(m.FromLocal)
			for i, u := range m.LinkURLs {
				if i == 5 {
					break
				}
				f.Add(u)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Classify(s)
		_ = k.String()
		_ = Service(s)
		fd := ClassifyURL(s)
		if fd.Kind == None && (fd.Service != "" || fd.Host != "") {
			t.Fatalf("ClassifyURL(%q) = %+v: service without a kind", s, fd)
		}
		_ = AbusedTLD(s)
		_ = MachineMade(s)
		if h := MachineMadeHost(s); h != "" && !strings.Contains(strings.ToLower(s), h) {
			t.Fatalf("MachineMadeHost(%q) = %q, not part of the host", s, h)
		}
		_ = NumberedName(s)
		if RandomCase(s) && (strings.ToLower(s) == s || strings.ToUpper(s) == s) {
			t.Fatalf("RandomCase(%q) = true for a local part of one case", s)
		}
	})
}

var sinkKind Kind

func BenchmarkMail(b *testing.B) {
	// A typical mail: one sender and 25 links.
	urls := []string{"https://docs.google.com/forms/d/e/1FAIpQLSc/viewform", "https://click.mail.example.com/t/abc",
		"https://www.example.com/products/item?id=123&utm_source=newsletter", "https://x.web.app/login",
		"https://storage.googleapis.com/bucket/logo.png"}
	b.ReportAllocs()
	for b.Loop() {
		sinkKind = Classify("mail.example.co.jp")
		if MachineMade("newsletter") || MachineMadeHost("mail.example.co.jp") != "" || AbusedTLD("mail.example.co.jp") {
			b.Fatal("fired")
		}
		for i := 0; i < 25; i++ {
			u := urls[i%len(urls)]
			f := ClassifyURL(u)
			sinkKind = f.Kind
			_ = MachineMadeHost(f.Host)
			_ = AbusedTLD(f.Host)
		}
	}
}
