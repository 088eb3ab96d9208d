// The first request of a connection, signed over the server's challenge: Register (join
// with an invite) or Authenticate (a known device). Shared by the client library and by
// every test, fuzz target and load generator that speaks the protocol by hand, so there
// is one definition of what a device signs.
#pragma once

#include <string_view>

#include "crypto/identity.h"
#include "weerbaar.pb.h"

namespace weerbaar::client {

// The device's public keys as it publishes them at registration, and as the server then
// lists them with its id (v1::DeviceInfo).
v1::DeviceKeys PublishedKeys(const crypto::DeviceIdentity& id);
v1::DeviceInfo PublishedInfo(const crypto::DeviceIdentity& id);

// Register: the invite, the device's public keys, an optional display name, and an
// Ed25519 signature over the "register" transcript bound to `challenge` (server id, nonce,
// protocol version), the device id, the invite and the agreement key. Valid only on the
// connection that received `challenge`.
v1::ClientMessage MakeRegister(const v1::Challenge& challenge, const crypto::DeviceIdentity& id,
                               std::string_view invite, std::string_view display_name);

// Authenticate: the device id and a signature over the "authenticate" transcript bound to
// `challenge`. Valid only on the connection that received `challenge`.
v1::ClientMessage MakeAuthenticate(const v1::Challenge& challenge,
                                   const crypto::DeviceIdentity& id);

}  // namespace weerbaar::client
