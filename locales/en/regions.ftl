# The regions (oblasts), as migrations/20261202000011_regions.sql names them
# (tests/it/regions.rs holds the two equal). The key is the code in
# lower case, spaces as hyphens.

region-abai = Abai Region
region-akmola = Akmola Region
region-aktobe = Aktobe Region
region-almaty = Almaty Region
region-atyrau = Atyrau Region
region-east-kazakhstan = East Kazakhstan Region
region-karaganda = Karaganda Region
region-kostanay = Kostanay Region
region-kyzylorda = Kyzylorda Region
region-mangystau = Mangystau Region
region-north-kazakhstan = North Kazakhstan Region
region-pavlodar = Pavlodar Region
region-turkestan = Turkestan Region
region-ulytau = Ulytau Region
region-west-kazakhstan = West Kazakhstan Region
region-zhambyl = Zhambyl Region
region-zhetysu = Zhetysu Region
