// Package deploytest holds the tests of what an operator deploys: the
// Dockerfile's key properties, media and backups on S3, and the restore drill
// against the built binary. It has no code of its own.
package deploytest
