## Sign-in throttles: failures slow further attempts from the same address
## down (never lock an account); administrators see and clear them.

throttles-title = Ограничения попыток входа
throttles-link = Действующие ограничения попыток входа
throttles-intro = После нескольких неудачных попыток входа следующие попытки для этой учётной записи с этого адреса или с этого адреса для любой учётной записи принимаются с задержкой (не более 15 минут). Вход с другого адреса не задерживается. После снятия ограничения следующая попытка принимается сразу.
throttles-none = Сейчас попытки входа не ограничены.
throttle-account = Учётная запись
throttle-every-account = Все учётные записи (с этого адреса)
throttle-address = Адрес
throttle-failures = Неудачные попытки
throttle-refused = Отклонённые попытки
throttle-until = Действует до, по времени Астаны (UTC+5)
throttle-clear = Снять
audit-action-auth-throttle-cleared = Ограничение попыток входа снято
audit-entity-login-throttle = Ограничение попыток входа
