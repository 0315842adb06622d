# Облыстар, migrations/20261202000011_regions.sql атауымен.

region-abai = Абай облысы
region-akmola = Ақмола облысы
region-aktobe = Ақтөбе облысы
region-almaty = Алматы облысы
region-atyrau = Атырау облысы
region-east-kazakhstan = Шығыс Қазақстан облысы
region-karaganda = Қарағанды облысы
region-kostanay = Қостанай облысы
region-kyzylorda = Қызылорда облысы
region-mangystau = Маңғыстау облысы
region-north-kazakhstan = Солтүстік Қазақстан облысы
region-pavlodar = Павлодар облысы
region-turkestan = Түркістан облысы
region-ulytau = Ұлытау облысы
region-west-kazakhstan = Батыс Қазақстан облысы
region-zhambyl = Жамбыл облысы
region-zhetysu = Жетісу облысы
