## Sign-in throttles: failures slow further attempts from the same address
## down (never lock an account); administrators see and clear them.

throttles-title = Кіру әрекеттерін шектеу
throttles-link = Қолданыстағы кіру әрекеттерін шектеу
throttles-intro = Бірнеше сәтсіз кіру әрекетінен кейін осы есептік жазбаға осы мекенжайдан немесе осы мекенжайдан кез келген есептік жазбаға келесі әрекеттер кідіріспен қабылданады (15 минуттан аспайды). Басқа мекенжайдан кіру кідіртілмейді. Шектеу алынғаннан кейін келесі әрекет бірден қабылданады.
throttles-none = Қазір кіру әрекеттері шектелмеген.
throttle-account = Есептік жазба
throttle-every-account = Барлық есептік жазбалар (осы мекенжайдан)
throttle-address = Мекенжай
throttle-failures = Сәтсіз әрекеттер
throttle-refused = Қабылданбаған әрекеттер
throttle-until = Қолданылу мерзімі, Астана уақытымен (UTC+5)
throttle-clear = Алып тастау
audit-action-auth-throttle-cleared = Кіру әрекеттерін шектеу алынды
audit-entity-login-throttle = Кіру әрекеттерін шектеу
