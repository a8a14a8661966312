package analysistest

import (
	"fmt"
	"strings"
)

const jprsBanner = "[ JPRS database provides information on network administration. Its use is    ]\r\n" +
	"[ restricted to network administration purposes. For further information,     ]\r\n" +
	"[ use 'whois -h whois.jprs.jp help'. To suppress Japanese output, add'/e'     ]\r\n" +
	"[ at the end of command, e.g. 'whois -h whois.jprs.jp xxx/e'.                 ]\r\n\r\n"

// JPRSGeneric renders JPRS's English answer (NAME/e) for a general-use .jp
// domain. created and expires are "YYYY/MM/DD".
func JPRSGeneric(name, registrant, created, expires string) string {
	var b strings.Builder
	b.WriteString(jprsBanner)
	b.WriteString("Domain Information:\r\n")
	fmt.Fprintf(&b, "[Domain Name]                   %s\r\n\r\n", strings.ToUpper(name))
	fmt.Fprintf(&b, "[Registrant]                    %s\r\n\r\n", registrant)
	fmt.Fprintf(&b, "[Name Server]                   ns1.%s\r\n", name)
	fmt.Fprintf(&b, "[Name Server]                   ns2.%s\r\n", name)
	b.WriteString("[Signing Key]                   \r\n\r\n")
	fmt.Fprintf(&b, "[Created on]                    %s\r\n", created)
	fmt.Fprintf(&b, "[Expires on]                    %s\r\n", expires)
	b.WriteString("[Status]                        Active\r\n")
	b.WriteString("[Last Updated]                  2021/06/01 01:05:08 (JST)\r\n\r\n")
	b.WriteString("Contact Information:\r\n")
	b.WriteString("[Name]                          Domain Administrator Desk\r\n")
	fmt.Fprintf(&b, "[Email]                         hostmaster@%s\r\n", name)
	b.WriteString("[Web Page]                       \r\n")
	b.WriteString("[Postal code]                   158-0094\r\n")
	b.WriteString("[Postal Address]                Setagaya-ku\r\n")
	b.WriteString("[Phone]                         03-0000-0000\r\n")
	b.WriteString("[Fax]                           \r\n\r\n")
	return b.String()
}

// JPRSOrganizational renders JPRS's English answer for an organizational
// (co.jp, ne.jp, or.jp …) domain. registered and connectedUntil are
// "YYYY/MM/DD".
func JPRSOrganizational(name, organization, registered, connectedUntil string) string {
	var b strings.Builder
	b.WriteString(jprsBanner)
	b.WriteString("Domain Information:\r\n")
	fmt.Fprintf(&b, "a. [Domain Name]                %s\r\n", strings.ToUpper(name))
	fmt.Fprintf(&b, "g. [Organization]               %s\r\n", organization)
	b.WriteString("l. [Organization Type]          Corporation\r\n")
	b.WriteString("m. [Administrative Contact]     TY20367JP\r\n")
	b.WriteString("n. [Technical Contact]          KK1163JP\r\n")
	fmt.Fprintf(&b, "p. [Name Server]                ns01.%s\r\n", name)
	fmt.Fprintf(&b, "p. [Name Server]                ns02.%s\r\n", name)
	b.WriteString("s. [Signing Key]                \r\n")
	fmt.Fprintf(&b, "[State]                         Connected (%s)\r\n", connectedUntil)
	b.WriteString("[Lock Status]                   AgentChangeLocked\r\n")
	fmt.Fprintf(&b, "[Registered Date]               %s\r\n", registered)
	fmt.Fprintf(&b, "[Connected Date]                %s\r\n", registered)
	b.WriteString("[Last Update]                   2021/04/01 01:20:47 (JST)\r\n\r\n")
	return b.String()
}
