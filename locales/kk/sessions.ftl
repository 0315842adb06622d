# Сеанстар және API-токендер: барлық құрылғылардан шығу, токендердің қолданылу мерзімі.

sessions-sign-out-everywhere-title = Ашық сеанстар
sessions-sign-out-everywhere-hint = Есептік жазбаңыздың барлық құрылғылардағы ашық сеанстарының барлығын, соның ішінде осы сеансты аяқтайды; содан кейін қайта кіру керек. API-токендеріңіз жарамды болып қала береді.
sessions-sign-out-everywhere = Барлық құрылғылардан шығу

field-token-expires = Қолданылу мерзімі
tokens-expiry-30 = 30 күн
tokens-expiry-90 = 90 күн
tokens-expiry-365 = 1 жыл
tokens-expiry-730 = 2 жыл
tokens-expiry-date = Белгілі бір күнге дейін
field-token-expires-on = Соңғы күні («Белгілі бір күнге дейін» таңдалғанда)
token-expires-at = Жарамдылық мерзімі
token-expired = Мерзімі өтті
token-never-used = Пайдаланылмаған
tokens-error-expiry-past = Бүгіннен кейінгі күнді таңдаңыз.
tokens-error-expiry-too-far = Токен ең көбі екі жыл жарамды бола алады.
