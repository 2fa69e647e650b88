package batch

import "testing"

// TestAllocDistinctZeroed: every value is new and zeroed, and writing one
// never changes another, across block boundaries.
func TestAllocDistinctZeroed(t *testing.T) {
	var a Alloc[[4]int]
	var got []*[4]int
	for i := 0; i < 3*maxBlock+5; i++ {
		p := a.New()
		if *p != [4]int{} {
			t.Fatalf("value %d not zeroed: %v", i, *p)
		}
		p[0], p[3] = i, -i
		got = append(got, p)
	}
	for i, p := range got {
		if p[0] != i || p[3] != -i {
			t.Fatalf("value %d holds %v", i, *p)
		}
	}
}

// TestAllocBlocks: blocks grow from minBlock to maxBlock values, doubling
// (4+8+16+32+64 values in five allocations), then one allocation serves
// maxBlock values.
func TestAllocBlocks(t *testing.T) {
	growing := 0
	blocks := 0
	for n := minBlock; n <= maxBlock; n *= 2 {
		growing += n
		blocks++
	}
	const full = 3
	n := testing.AllocsPerRun(5, func() {
		var a Alloc[int]
		for i := 0; i < growing+full*maxBlock; i++ {
			a.New()
		}
	})
	if want := float64(blocks + full); n != want {
		t.Errorf("%d values: %v allocations, want %v", growing+full*maxBlock, n, want)
	}
}
