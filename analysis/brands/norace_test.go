//go:build !race

package brands

const raceEnabled = false
