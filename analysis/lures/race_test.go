//go:build race

package lures

// raceEnabled: the corpus statistics tests read thousands of mails; under
// the race detector they take minutes and test nothing the unit tests do
// not, so they skip.
const raceEnabled = true
