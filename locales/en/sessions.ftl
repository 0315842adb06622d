# Sessions and API tokens: signing out everywhere, token expiry.

sessions-sign-out-everywhere-title = Open sessions
sessions-sign-out-everywhere-hint = Ends every open session of your account, on every device, this one included; you then sign in again. Your API tokens keep working.
sessions-sign-out-everywhere = Sign out everywhere

field-token-expires = Valid for
tokens-expiry-30 = 30 days
tokens-expiry-90 = 90 days
tokens-expiry-365 = 1 year
tokens-expiry-730 = 2 years
tokens-expiry-date = Until a date
field-token-expires-on = Last day (when "Until a date")
token-expires-at = Expires
token-expired = Expired
token-never-used = Never
tokens-error-expiry-past = Choose a day after today.
tokens-error-expiry-too-far = A token can be valid for two years at most.
