package readfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.har")
	if err := os.WriteFile(big, make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(small, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		limit      int64
		want       error  // errors.Is target; nil for success
		msg        string // substring of the error
	}{
		{"regular file", small, 1024, nil, ""},
		{"at the limit", big, 2048, nil, ""},
		{"symlink to a regular file", link, 1024, nil, ""},
		{"over the limit", big, 1024, ErrTooLarge, "2 KiB, more than the 1 KiB limit for a test file"},
		{"directory", dir, 1024, ErrNotRegular, "it is a directory (expected a test file)"},
		{"missing", filepath.Join(dir, "nope"), 1024, os.ErrNotExist, "nope"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests, struct {
			name, path string
			limit      int64
			want       error
			msg        string
		}{"/dev/zero", "/dev/zero", 1 << 30, ErrNotRegular, "a character device"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Read(tc.path, tc.limit, "test file")
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				want, _ := os.ReadFile(tc.path)
				if string(data) != string(want) {
					t.Errorf("read %d bytes, want %d", len(data), len(want))
				}
				return
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("err = %v; want %v naming %s and containing %q", err, tc.want, tc.path, tc.msg)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1 KiB", 64 << 20: "64 MiB", 1536 << 20: "1.5 GiB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}
