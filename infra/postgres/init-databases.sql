-- One database per unit and one for the central office (docker-compose.yml).
CREATE DATABASE smart_at;
CREATE DATABASE smart_be;
CREATE DATABASE smart_de;
CREATE DATABASE smart_es;
CREATE DATABASE smart_fr;
CREATE DATABASE smart_hu;
CREATE DATABASE smart_it;
CREATE DATABASE smart_nl;
CREATE DATABASE smart_se;
CREATE DATABASE smart_central;
