package brands

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"go.yaml.in/yaml/v3"
)

// brands.yaml is the built-in brand knowledge: one block per brand, plus
// the global lists of sending services, click-tracking redirectors,
// mailbox providers, hosting platforms, brand-protection registrars and
// lure words. It is meant to be read and reviewed by people; the comments
// in it say what every list is for and where an entry was left out.
//
//go:embed brands.yaml
var builtinYAML []byte

// Data is the content of a brand data file.
type Data struct {
	Brands []Brand `yaml:"brands"`
	// ESPs are sending services whose envelope and Message-ID domains are
	// normal for legitimate bulk mail on behalf of anyone.
	ESPs []string `yaml:"esps"`
	// Trackers are click-tracking and link-rewriting redirectors run by
	// sending services and mail filters (awstrack.me, ct.sendgrid.net …).
	Trackers []string `yaml:"trackers"`
	// Freemail are mailbox providers where anyone can have an address.
	Freemail []string `yaml:"freemail"`
	// Hosted are domains under which anyone can publish pages or run a
	// tenant.
	Hosted []string `yaml:"hosted"`
	// ProtectionRegistrars are corporate brand-protection registrars
	// (MarkMonitor, CSC …), matched after NormalizeEntity and by
	// containment.
	ProtectionRegistrars []string `yaml:"protection_registrars"`
	// LureWords make an embedded brand name in a domain suspicious even
	// when the name is short or an ordinary word.
	LureWords []string `yaml:"lure_words"`
	// CommonLabels are official labels that are ordinary words or shared
	// by many unrelated domains: no edit-distance check, and embedded only
	// with a lure word.
	CommonLabels []string `yaml:"common_labels"`
}

// ParseData reads a brand data file. Unknown keys are errors, so a typo in
// a field name does not silently drop data.
func ParseData(b []byte) (*Data, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var d Data
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("brands: data: %w", err)
	}
	return &d, nil
}

// builtinData is the parsed built-in file, read once.
var builtinData = sync.OnceValue(func() *Data {
	d, err := ParseData(builtinYAML)
	if err != nil {
		panic("brands: built-in data is invalid: " + err.Error())
	}
	return d
})

func builtin() []Brand { return builtinData().Brands }
