package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// NewStream returns the random stream named name for replication run of a
// scenario with the given seed. Streams with different (seed, run, name) are
// independent PCG generators; the same triple always yields the same
// sequence. The result is a math/rand/v2 Source and can be passed as Src to
// gonum's distuv distributions, or wrapped with rand.New.
func NewStream(seed uint64, run int, name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	nameHash := h.Sum64()
	s1 := splitmix(seed ^ splitmix(uint64(run)+0x9e3779b97f4a7c15))
	s2 := splitmix(nameHash ^ splitmix(s1))
	return rand.NewPCG(s1, s2)
}

// splitmix is the SplitMix64 finaliser: a bijective mixer that turns related
// inputs (seed 1, 2, 3…) into unrelated outputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
