# Области, как их называет migrations/20261202000011_regions.sql.

region-abai = Область Абай
region-akmola = Акмолинская область
region-aktobe = Актюбинская область
region-almaty = Алматинская область
region-atyrau = Атырауская область
region-east-kazakhstan = Восточно-Казахстанская область
region-karaganda = Карагандинская область
region-kostanay = Костанайская область
region-kyzylorda = Кызылординская область
region-mangystau = Мангистауская область
region-north-kazakhstan = Северо-Казахстанская область
region-pavlodar = Павлодарская область
region-turkestan = Туркестанская область
region-ulytau = Область Ұлытау
region-west-kazakhstan = Западно-Казахстанская область
region-zhambyl = Жамбылская область
region-zhetysu = Область Жетісу
