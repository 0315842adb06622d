# Sessions and API tokens: signing out everywhere, token expiry.

sessions-sign-out-everywhere-title = Open sessions
sessions-sign-out-everywhere-hint = Ends every open session of your account, on every device, this one included; you then sign in again. Your API tokens keep working.
sessions-sign-out-everywhere = Sign out everywhere
