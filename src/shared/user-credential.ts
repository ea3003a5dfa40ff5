/**
 * The user access credential's text form, `<numeric id>:<96 lowercase hex>` (rcc also allows a
 * trailing `:https://endpoint`). One home because two sides read it: the local room's
 * robocloud-hmac guard, and the bootstrap line whoever starts the room parses.
 */
export const CREDENTIAL_PATTERN = /^(\d{1,15}):([0-9a-f]{96})(?::(https?:\/\/.+))?$/
