package cli

// RegisterWithStderr is register for the external tests: they read what
// our commands write to stderr.
var RegisterWithStderr = register
