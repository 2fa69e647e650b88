// Package ns3build compiles the ns-3.37 reference harness
// (cmd/ns3check/harness/pageload.cc) against Debian's ns-3 packages.
// cmd/ns3check builds it for the cross-check, cmd/pagesim's benchmarks for
// the ns-3 baseline of their speed ratios; the compiler line lives here
// once. (The harness's source stays in its own directory: Go refuses C++
// files in a package directory that does not use cgo.)
package ns3build

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrNoNS3 is returned by Build when ns-3's headers or g++ are missing.
var ErrNoNS3 = errors.New("ns-3.37 is not installed (Debian: apt-get install -y libns3-dev ns3 g++)")

// Build writes source (pageload.cc) into dir, compiles it there and
// returns the binary's path. The flags are given explicitly because
// Debian's ns3-*.pc files emit a broken include flag; headers are in
// /usr/include/ns3, libraries libns3-<module>.
func Build(dir string, source []byte) (string, error) {
	if _, err := os.Stat("/usr/include/ns3/core-module.h"); err != nil {
		return "", ErrNoNS3
	}
	cxx, err := exec.LookPath("g++")
	if err != nil {
		return "", ErrNoNS3
	}
	src := filepath.Join(dir, "pageload.cc")
	if err := os.WriteFile(src, source, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "pageload")
	cmd := exec.Command(cxx, "-std=c++17", "-O2", "-w", "-I/usr/include", "-o", bin, src,
		"-lns3-point-to-point", "-lns3-traffic-control", "-lns3-internet", "-lns3-network", "-lns3-core")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the ns-3 harness: %v\n%s", err, out)
	}
	return bin, nil
}
