package audit

// TrackedForTest counts the collectors still registered for requests and
// broadcasts: each must go when its request or broadcast ends.
func (l *Log) TrackedForTest() int {
	t := l.reads
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, s := range t.byAuth {
		n += len(s)
	}
	for _, s := range t.byRecord {
		n += len(s)
	}
	return n + len(t.writes)
}
