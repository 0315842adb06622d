## Sign-in throttles: failures slow further attempts from the same address
## down (never lock an account); administrators see and clear them.

throttles-title = Sign-in throttles
throttles-link = Sign-in throttles in force
throttles-intro = After repeated failed sign-ins, further attempts for that account from that address, or from that address for any account, wait a while (up to 15 minutes). Signing in from another address is never held up. Clearing a throttle lets the next attempt through at once.
throttles-none = No sign-in is being slowed down now.
throttle-account = Account
throttle-every-account = Every account (this address)
throttle-address = Address
throttle-failures = Failed attempts
throttle-refused = Refused attempts
throttle-until = Until, Astana time (UTC+5)
throttle-clear = Clear
audit-action-auth-throttle-cleared = Sign-in throttle cleared
audit-entity-login-throttle = Sign-in throttle
