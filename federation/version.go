package federation

// Version is the software version NodeInfo reports.
const Version = "0.1.0"
