package infra

import (
	"net/url"
	"strings"
)

type entry struct {
	kind    Kind
	service string
}

// hostSuffixes are registrable names under which a platform hands out
// subdomains to anyone for free (or for a throwaway trial). Only names
// below them count. Left out on purpose: CDNs and ESP hosts that
// legitimate newsletters load from (cloudfront.net, akamaihd.net,
// azureedge.net, amazonaws.com) and shop platforms whose subdomains are
// the shops' own back ends (myshopify.com): their subdomains appear in
// ordinary mail all the time.
var hostSuffixes = map[string]entry{}

// exactHosts are hosts that serve content from a throwaway source on
// their own name (IPFS gateways).
var exactHosts = map[string]entry{}

func init() {
	add := func(m map[string]entry, k Kind, service string, names string) {
		for _, n := range strings.Fields(names) {
			if _, dup := m[n]; dup {
				panic("infra: duplicate host " + n)
			}
			m[n] = entry{k, service}
		}
	}
	s := hostSuffixes
	add(s, FreeSubdomainHost, "Firebase Hosting", "firebaseapp.com web.app")
	add(s, FreeSubdomainHost, "Cloudflare Pages", "pages.dev")
	add(s, FreeSubdomainHost, "Cloudflare Workers", "workers.dev")
	add(s, FreeSubdomainHost, "Cloudflare R2", "r2.dev")
	add(s, FreeSubdomainHost, "Netlify", "netlify.app netlify.com")
	add(s, FreeSubdomainHost, "Vercel", "vercel.app now.sh")
	add(s, FreeSubdomainHost, "GitHub Pages", "github.io")
	add(s, FreeSubdomainHost, "GitLab Pages", "gitlab.io")
	add(s, FreeSubdomainHost, "Glitch", "glitch.me")
	add(s, FreeSubdomainHost, "Weebly", "weebly.com weeblysite.com")
	add(s, FreeSubdomainHost, "Wix", "wixsite.com wixstudio.io editorx.io")
	add(s, FreeSubdomainHost, "WordPress.com", "wordpress.com")
	add(s, FreeSubdomainHost, "Heroku", "herokuapp.com")
	add(s, FreeSubdomainHost, "Azure App Service", "azurewebsites.net")
	add(s, FreeSubdomainHost, "Azure Static Web Apps", "azurestaticapps.net")
	add(s, FreeSubdomainHost, "Google App Engine", "appspot.com")
	add(s, FreeSubdomainHost, "Google Cloud Run", "run.app")
	add(s, FreeSubdomainHost, "000webhost", "000webhostapp.com")
	add(s, FreeSubdomainHost, "Replit", "repl.co replit.app replit.dev")
	add(s, FreeSubdomainHost, "Render", "onrender.com")
	add(s, FreeSubdomainHost, "Fly.io", "fly.dev")
	add(s, FreeSubdomainHost, "Surge", "surge.sh")
	add(s, FreeSubdomainHost, "AWS Amplify", "amplifyapp.com")
	add(s, FreeSubdomainHost, "Webflow", "webflow.io")
	add(s, FreeSubdomainHost, "Framer", "framer.app framer.website")
	add(s, FreeSubdomainHost, "Carrd", "carrd.co")
	add(s, FreeSubdomainHost, "Notion", "notion.site")
	add(s, FreeSubdomainHost, "Canva", "my.canva.site")
	add(s, FreeSubdomainHost, "Square Online", "square.site")
	add(s, FreeSubdomainHost, "GoDaddy Websites", "godaddysites.com")
	add(s, FreeSubdomainHost, "Strikingly", "mystrikingly.com strikingly.com")
	add(s, FreeSubdomainHost, "Jimdo", "jimdosite.com jimdofree.com")
	add(s, FreeSubdomainHost, "Yola", "yolasite.com")
	add(s, FreeSubdomainHost, "SITE123", "site123.me")
	add(s, FreeSubdomainHost, "Tilda", "tilda.ws")
	add(s, FreeSubdomainHost, "Webnode", "webnode.page")
	add(s, FreeSubdomainHost, "Google Translate proxy", "translate.goog")
	add(s, FreeSubdomainHost, "Bubble", "bubbleapps.io")
	add(s, FreeSubdomainHost, "Adobe Portfolio", "myportfolio.com")
	add(s, FreeSubdomainHost, "Zoho Sites", "zohosites.com")
	add(s, FreeSubdomainHost, "Firebase Storage", "firebasestorage.app")
	add(s, FreeSubdomainHost, "Azure Static Website", "web.core.windows.net")
	add(s, FreeSubdomainHost, "Backblaze", "backblazeb2.com")
	add(s, FreeSubdomainHost, "Cloudflare tunnel/pages", "cfargotunnel.com")
	add(s, FreeSubdomainHost, "FC2", "fc2.com")
	add(s, FreeSubdomainHost, "Ameba Ownd", "amebaownd.com")
	add(s, IPFSGateway, "IPFS gateway", "mypinata.cloud ipfs.dweb.link ipfs.w3s.link ipfs.nftstorage.link ipfs.4everland.io")
	add(s, Tunnel, "ngrok", "ngrok.io ngrok.app ngrok-free.app ngrok.dev ngrok-free.dev")
	add(s, Tunnel, "Cloudflare Tunnel", "trycloudflare.com")
	add(s, Tunnel, "localtunnel", "loca.lt localtunnel.me")
	add(s, Tunnel, "Serveo", "serveo.net serveousercontent.com")
	add(s, Tunnel, "localhost.run", "localhost.run lhr.life lhr.rocks")
	add(s, Tunnel, "Microsoft Dev Tunnels", "devtunnels.ms")
	add(s, Tunnel, "Pinggy", "pinggy.link pinggy.io")
	add(s, Tunnel, "LocalXpose", "loclx.io")
	add(s, Tunnel, "PageKite", "pagekite.me")
	add(s, Tunnel, "Expose", "sharedwithexpose.com")
	add(s, Tunnel, "Tunnelmole", "tunnelmole.net")
	add(s, FreeDNS, "DuckDNS", "duckdns.org")
	add(s, FreeDNS, "No-IP", `ddns.net no-ip.org no-ip.biz no-ip.info no-ip.net hopto.org zapto.org sytes.net
		myftp.org myftp.biz servebeer.com serveblog.net servehttp.com servequake.com redirectme.net webhop.me
		myvnc.com onthewifi.com 3utilities.com bounceme.net ddnsking.com gotdns.ch servecounterstrike.com
		servegame.com servemp3.com servepics.com servesarcasm.com serveftp.com point2this.com`)
	add(s, FreeDNS, "Dyn", "dyndns.org dyndns.biz dyndns.info homeip.net dynalias.com dynalias.org")
	add(s, FreeDNS, "FreeDNS (afraid.org)", `mooo.com chickenkiller.com strangled.net ignorelist.com crabdance.com
		jumpingcrab.com twilightparadox.com us.to`)
	add(s, FreeDNS, "Dynu", "dynu.net freeddns.org")
	add(s, FreeDNS, "dynv6", "dynv6.net")
	add(s, FreeDNS, "deSEC", "dedyn.io")
	add(s, FreeDNS, "YDNS", "ydns.eu")
	add(s, FreeDNS, "ChangeIP", "changeip.com")

	e := exactHosts
	add(e, IPFSGateway, "IPFS gateway", `ipfs.io gateway.ipfs.io dweb.link cloudflare-ipfs.com cf-ipfs.com
		gateway.pinata.cloud w3s.link nftstorage.link ipfs.fleek.co infura-ipfs.io 4everland.io`)
}

// pathRule recognizes a service by host and path.
type pathRule struct {
	kind     Kind
	service  string
	hosts    []string // exact hosts
	suffixes []string // host suffixes, with their leading dot
	prefixes []string // lower-case path prefixes; none: any path
	test     func(path string, u *url.URL) bool
}

func (r *pathRule) match(host, path string, u *url.URL) bool {
	ok := false
	for _, h := range r.hosts {
		ok = ok || host == h
	}
	for _, s := range r.suffixes {
		ok = ok || strings.HasSuffix(host, s) && len(host) > len(s)
	}
	if !ok {
		return false
	}
	if r.test != nil {
		return r.test(path, u)
	}
	if len(r.prefixes) == 0 {
		return true
	}
	for _, p := range r.prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// rulesByHost indexes pathRules by exact host; suffixRules are the rules
// with host suffixes, tried for every host.
var (
	rulesByHost = map[string][]*pathRule{}
	suffixRules []*pathRule
)

func init() {
	for i := range pathRules {
		r := &pathRules[i]
		for _, h := range r.hosts {
			rulesByHost[h] = append(rulesByHost[h], r)
		}
		if len(r.suffixes) > 0 {
			suffixRules = append(suffixRules, r)
		}
	}
}

// rulesFor returns the rules that may match a host, exact ones first.
func rulesFor(host string) []*pathRule {
	exact := rulesByHost[host]
	if len(exact) == 0 {
		return suffixRules
	}
	return append(exact[:len(exact):len(exact)], suffixRules...)
}

func hosts(s string) []string { return strings.Fields(s) }

// sharePointShare: SharePoint's anonymous ("anyone with the link") share
// links /:b:/g/…, /:u:/, /:w:/, /:x:/, /:p:/, /:o:/, /:f:/, /:v:/, /:i:/.
func sharePointShare(path string, _ *url.URL) bool {
	return len(path) >= 5 && path[0] == '/' && path[1] == ':' && path[3] == ':' && path[4] == '/' &&
		strings.IndexByte("bfiopuvwx", path[2]) >= 0
}

// pathRules: free services where the path says the link is a form, a
// shared file or a page. Ordinary uses of the same hosts (a Google Docs
// link a colleague shares, a Dropbox home page) are not matched where the
// path tells them apart.
var pathRules = []pathRule{
	{kind: FormHost, service: "Google Forms", hosts: hosts("docs.google.com"), prefixes: []string{"/forms/"}},
	{kind: FormHost, service: "Google Forms", hosts: hosts("forms.gle")},
	{kind: FormHost, service: "Microsoft Forms", hosts: hosts("forms.office.com forms.microsoft.com forms.cloud.microsoft")},
	{kind: FormHost, service: "Jotform", hosts: hosts("form.jotform.com jotform.com www.jotform.com form.jotform.me submit.jotform.com"),
		test: func(p string, _ *url.URL) bool { return len(p) > 1 }},
	{kind: FormHost, service: "Typeform", suffixes: []string{".typeform.com"}, prefixes: []string{"/to/"}},
	{kind: FormHost, service: "Formspree", hosts: hosts("formspree.io"), prefixes: []string{"/f/"}},
	{kind: FormHost, service: "Formsite", suffixes: []string{".formsite.com"}},
	{kind: FormHost, service: "Wufoo", suffixes: []string{".wufoo.com"}, prefixes: []string{"/forms/"}},
	{kind: FormHost, service: "123FormBuilder", hosts: hosts("form.123formbuilder.com www.123formbuilder.com"), prefixes: []string{"/form-", "/"}},
	{kind: FormHost, service: "Cognito Forms", hosts: hosts("www.cognitoforms.com cognitoforms.com")},
	{kind: FormHost, service: "Zoho Forms", hosts: hosts("forms.zohopublic.com forms.zohopublic.eu forms.zohopublic.in")},
	{kind: FormHost, service: "Tally", hosts: hosts("tally.so"), prefixes: []string{"/r/"}},
	{kind: FormHost, service: "Paperform", suffixes: []string{".paperform.co"}},
	{kind: FileShare, service: "Dropbox", hosts: hosts("www.dropbox.com dropbox.com"), prefixes: []string{"/s/", "/scl/", "/l/", "/sh/", "/t/", "/transfer/"}},
	{kind: FileShare, service: "Dropbox", hosts: hosts("dl.dropboxusercontent.com dl.dropbox.com")},
	{kind: FileShare, service: "Dropbox Paper", hosts: hosts("paper.dropbox.com"), prefixes: []string{"/doc/", "/published/"}},
	{kind: FileShare, service: "WeTransfer", hosts: hosts("wetransfer.com www.wetransfer.com"), prefixes: []string{"/downloads/"}},
	{kind: FileShare, service: "WeTransfer", hosts: hosts("we.tl")},
	{kind: FileShare, service: "WeTransfer", suffixes: []string{".wetransfer.com"}, prefixes: []string{"/downloads/"}},
	{kind: FileShare, service: "MediaFire", hosts: hosts("www.mediafire.com mediafire.com"), prefixes: []string{"/file/", "/folder/", "/view/", "/?"}},
	{kind: FileShare, service: "MEGA", hosts: hosts("mega.nz mega.io mega.co.nz"), prefixes: []string{"/file/", "/folder/", "/#"}},
	{kind: FileShare, service: "OneDrive", hosts: hosts("1drv.ms")},
	{kind: FileShare, service: "OneDrive", hosts: hosts("onedrive.live.com"), test: func(p string, u *url.URL) bool {
		q := u.Query()
		return strings.HasPrefix(p, "/redir") || strings.HasPrefix(p, "/download") || strings.HasPrefix(p, "/embed") ||
			q.Get("cid") != "" || q.Get("resid") != "" || q.Get("id") != ""
	}},
	{kind: FileShare, service: "SharePoint/OneDrive", suffixes: []string{".sharepoint.com"}, test: sharePointShare},
	{kind: FileShare, service: "Google Drive", hosts: hosts("drive.google.com"), prefixes: []string{"/file/d/", "/open", "/uc", "/drive/folders/"}},
	{kind: FileShare, service: "Box", hosts: hosts("app.box.com box.com www.box.com"), prefixes: []string{"/s/", "/shared/"}},
	{kind: FileShare, service: "Box", suffixes: []string{".app.box.com"}, prefixes: []string{"/s/"}},
	{kind: FileShare, service: "DocSend", hosts: hosts("docsend.com www.docsend.com"), prefixes: []string{"/view/"}},
	{kind: FileShare, service: "Adobe Acrobat", hosts: hosts("acrobat.adobe.com documentcloud.adobe.com"), prefixes: []string{"/id/", "/link/"}},
	{kind: FileShare, service: "TransferNow", hosts: hosts("www.transfernow.net transfernow.net")},
	{kind: FileShare, service: "Smash", hosts: hosts("fromsmash.com www.fromsmash.com")},
	{kind: FileShare, service: "Filemail", hosts: hosts("www.filemail.com filemail.com"), prefixes: []string{"/d/", "/t/"}},
	{kind: FileShare, service: "Gofile", hosts: hosts("gofile.io"), prefixes: []string{"/d/"}},
	{kind: FileShare, service: "Files.fm", hosts: hosts("files.fm"), prefixes: []string{"/u/", "/f/"}},
	{kind: FileShare, service: "4shared", hosts: hosts("www.4shared.com 4shared.com")},
	{kind: FileShare, service: "SendSpace", hosts: hosts("www.sendspace.com sendspace.com"), prefixes: []string{"/file/"}},
	{kind: FileShare, service: "Filetransfer.io", hosts: hosts("filetransfer.io"), prefixes: []string{"/data-package/"}},
	{kind: FileShare, service: "ギガファイル便", suffixes: []string{".gigafile.nu"}},
	{kind: FileShare, service: "firestorage", hosts: hosts("firestorage.jp xfs.jp")},
	{kind: FreeSitePage, service: "Google Sites", hosts: hosts("sites.google.com"), prefixes: []string{"/view/", "/site/", "/d/"}},
	{kind: FreeSitePage, service: "Google Docs (published)", hosts: hosts("docs.google.com"), test: func(p string, _ *url.URL) bool {
		for _, k := range []string{"/presentation/d/", "/document/d/", "/drawings/d/", "/spreadsheets/d/"} {
			// Published to the web ("/d/e/<id>/pub") or shown read-only as
			// a page ("/d/<id>/preview"), not a document a colleague shares
			// for editing.
			if strings.HasPrefix(p, k) && (strings.HasSuffix(p, "/pub") || strings.HasSuffix(p, "/pubhtml") ||
				strings.HasSuffix(p, "/preview") || strings.HasPrefix(p, k+"e/")) {
				return true
			}
		}
		return false
	}},
	{kind: FreeSitePage, service: "Adobe Express", hosts: hosts("express.adobe.com new.express.adobe.com"), prefixes: []string{"/page/", "/webpage/"}},
	{kind: FreeSitePage, service: "Canva", hosts: hosts("www.canva.com canva.com"), prefixes: []string{"/design/"}},
	{kind: FreeSitePage, service: "Microsoft Sway", hosts: hosts("sway.office.com sway.cloud.microsoft")},
	{kind: FreeSitePage, service: "OneNote", hosts: hosts("onenote.com www.onenote.com"), prefixes: []string{"/"}},
	{kind: FreeSitePage, service: "Padlet", hosts: hosts("padlet.com")},
	{kind: FreeSitePage, service: "Telegraph", hosts: hosts("telegra.ph")},
	{kind: CloudStorage, service: "Google Cloud Storage", hosts: hosts("storage.googleapis.com storage.cloud.google.com firebasestorage.googleapis.com")},
	{kind: CloudStorage, service: "Google Cloud Storage", suffixes: []string{".storage.googleapis.com"}},
	{kind: CloudStorage, service: "Azure Blob Storage", suffixes: []string{".blob.core.windows.net"}},
	{kind: CloudStorage, service: "Amazon S3", suffixes: []string{".amazonaws.com"}, test: func(p string, u *url.URL) bool {
		h := strings.ToLower(u.Hostname())
		return strings.HasPrefix(h, "s3.") || strings.HasPrefix(h, "s3-") || strings.Contains(h, ".s3.") || strings.Contains(h, ".s3-")
	}},
	{kind: CloudStorage, service: "DigitalOcean Spaces", suffixes: []string{".digitaloceanspaces.com"}},
	{kind: CloudStorage, service: "Oracle Object Storage", suffixes: []string{".oraclecloud.com"}, prefixes: []string{"/n/", "/p/"}},
	{kind: CloudStorage, service: "Linode Object Storage", suffixes: []string{".linodeobjects.com"}},
	{kind: CloudStorage, service: "Wasabi", suffixes: []string{".wasabisys.com"}},
	{kind: CloudStorage, service: "IBM Cloud Object Storage", suffixes: []string{".cloud-object-storage.appdomain.cloud"}},
}
