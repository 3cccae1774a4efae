// Flags database connections configured to travel in plaintext or without
// certificate checks (the card's Security Integration: "Encryption in
// Transit: TLS for database connections"):
//   plaintext-transport  ERROR    sslmode=disable / allow, ssl=false,
//                                 useSSL=false, ssl-mode=DISABLED,
//                                 encrypt=false, tls: off ...
//                        WARNING  sslmode=prefer (falls back to plaintext)
//   unverified-tls       WARNING  trustServerCertificate=true,
//                                 rejectUnauthorized: false, verify_ssl=false
// Located at "path:line", one finding per line. Stateless; thread-safe.
#ifndef BATON_AGENTS_SCHEMA_TRANSPORT_SCANNER_H_
#define BATON_AGENTS_SCHEMA_TRANSPORT_SCANNER_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "executor/handoff.pb.h"

namespace baton::agents::schema {

std::vector<handoff::Finding> ScanForPlaintextTransport(absl::string_view path,
                                                        absl::string_view text);

}  // namespace baton::agents::schema

#endif  // BATON_AGENTS_SCHEMA_TRANSPORT_SCANNER_H_
